/// Logarithm and cosine from exactly rounded operations only, so results are the same on every platform.
///
/// The system `log` and `cos` may differ in the last bit between C
/// libraries; seeded initializers must not. These follow the algorithms
/// and coefficients of FreeBSD's msun / Sun's fdlibm (`e_log.c`, `k_sin.c`,
/// `k_cos.c`), whose notice follows, and are accurate to about 1 ulp.
///
///     Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
///     Developed at SunSoft, a Sun Microsystems, Inc. business.
///     Permission to use, copy, modify, and distribute this
///     software is freely granted, provided that this notice
///     is preserved.
enum PortableMath {
    /// The natural logarithm: −infinity at ±0, NaN below 0 and for NaN, +infinity at +infinity.
    static func log(_ input: Double) -> Double {
        let ln2Hi = 6.93147180369123816490e-01  // 0x3FE62E42 FEE00000
        let ln2Lo = 1.90821492927058770002e-10  // 0x3DEA39EF 35793C76
        let lg1 = 6.666666666666735130e-01  // 0x3FE55555 55555593
        let lg2 = 3.999999999940941908e-01  // 0x3FD99999 9997FA04
        let lg3 = 2.857142874366239149e-01  // 0x3FD24924 94229359
        let lg4 = 2.222219843214978396e-01  // 0x3FCC71C5 1D8E78AF
        let lg5 = 1.818357216161805012e-01  // 0x3FC74664 96CB03DE
        let lg6 = 1.531383769920937332e-01  // 0x3FC39A09 D078C69F
        let lg7 = 1.479819860511658591e-01  // 0x3FC2F112 DF3E5244

        if input.isNaN || input < 0 { return .nan }
        if input == 0 { return -.infinity }
        if input == .infinity { return .infinity }

        var x = input
        var k = 0
        if x < Double.leastNormalMagnitude {
            k -= 54
            x *= 0x1p54  // scale a subnormal up to a normal number
        }
        // High 20 bits of the significand and the exponent of x.
        var hx = Int(truncatingIfNeeded: x.bitPattern >> 32)
        k += (hx >> 20) - 1023
        hx &= 0x000f_ffff
        // Normalize x to [sqrt(2)/2, sqrt(2)): i is 0x100000 when the significand is at least sqrt(2).
        let i = (hx + 0x95f64) & 0x10_0000
        let high = UInt64(hx | (i ^ 0x3ff0_0000)) << 32
        x = Double(bitPattern: high | (x.bitPattern & 0xffff_ffff))
        k += i >> 20
        let f = x - 1.0
        let dk = Double(k)
        if (0x000f_ffff & (2 + hx)) < 3 {  // -2^-20 <= f < 2^-20
            if f == 0 {
                return k == 0 ? 0 : dk * ln2Hi + dk * ln2Lo
            }
            let r = f * f * (0.5 - 0.33333333333333333 * f)
            return k == 0 ? f - r : dk * ln2Hi - ((r - dk * ln2Lo) - f)
        }
        let s = f / (2.0 + f)
        let z = s * s
        let w = z * z
        let t1 = w * (lg2 + w * (lg4 + w * lg6))
        let t2 = z * (lg1 + w * (lg3 + w * (lg5 + w * lg7)))
        let r = t2 + t1
        if ((hx - 0x6147a) | (0x6b851 - hx)) > 0 {
            let hfsq = 0.5 * f * f
            return k == 0
                ? f - (hfsq - s * (hfsq + r))
                : dk * ln2Hi - ((hfsq - (s * (hfsq + r) + dk * ln2Lo)) - f)
        }
        return k == 0 ? f - s * (f - r) : dk * ln2Hi - ((s * (f - r) - dk * ln2Lo) - f)
    }

    /// cos(2πu) for u in [0, 1); NaN when u is outside or NaN.
    ///
    /// The argument is reduced exactly on u (4u and its fractional part are
    /// exact), so only the kernel polynomials round.
    static func cosTwoPi(_ u: Double) -> Double {
        guard u >= 0, u < 1 else { return .nan }
        let t = 4 * u  // exact; 2πu = (q + f) · π/2
        let quarter = Int(t)  // 0...3
        let f = t - Double(quarter)  // exact, in [0, 1)
        let halfPi = 1.57079632679489655800e+00  // 0x3FF921FB 54442D18
        // cos and sin of f · π/2, both from arguments in [0, π/4].
        let cosF: Double
        let sinF: Double
        if f <= 0.5 {
            let x = f * halfPi
            cosF = kernelCos(x)
            sinF = kernelSin(x)
        } else {
            let x = (1 - f) * halfPi  // 1 - f is exact
            cosF = kernelSin(x)
            sinF = kernelCos(x)
        }
        switch quarter {
        case 0: return cosF
        case 1: return -sinF
        case 2: return -cosF
        default: return sinF
        }
    }

    /// sin(x) for |x| <= π/4 (fdlibm's `__kernel_sin` with no tail).
    static func kernelSin(_ x: Double) -> Double {
        let s1 = -1.66666666666666324348e-01  // 0xBFC55555 55555549
        let s2 = 8.33333333332248946124e-03  // 0x3F811111 1110F8A6
        let s3 = -1.98412698298579493134e-04  // 0xBF2A01A0 19C161D5
        let s4 = 2.75573137070700676789e-06  // 0x3EC71DE3 57B1FE7D
        let s5 = -2.50507602534068634195e-08  // 0xBE5AE5E6 8A2B9CEB
        let s6 = 1.58969099521155010221e-10  // 0x3DE5D93A 5ACFD57C
        let z = x * x
        let v = z * x
        let r = s2 + z * (s3 + z * (s4 + z * (s5 + z * s6)))
        return x + v * (s1 + z * r)
    }

    /// cos(x) for |x| <= π/4 (fdlibm's `__kernel_cos` with no tail).
    static func kernelCos(_ x: Double) -> Double {
        let c1 = 4.16666666666666019037e-02  // 0x3FA55555 5555554C
        let c2 = -1.38888888888741095749e-03  // 0xBF56C16C 16C15177
        let c3 = 2.48015872894767294178e-05  // 0x3EFA01A0 19CB1590
        let c4 = -2.75573143513906633035e-07  // 0xBE927E4F 809C52AD
        let c5 = 2.08757232129817482790e-09  // 0x3E21EE9E BDB4B1C4
        let c6 = -1.13596475577881948265e-11  // 0xBDA8FAE9 BE8838D4
        let z = x * x
        let r = z * (c1 + z * (c2 + z * (c3 + z * (c4 + z * (c5 + z * c6)))))
        let ix = Int(truncatingIfNeeded: x.magnitude.bitPattern >> 32)
        if ix < 0x3FD3_3333 {  // |x| < 0.3
            return 1.0 - (0.5 * z - z * r)
        }
        // qx = |x|/4 with the low word cleared (or 0.28125 above 0.78125), so 1 − qx and z/2 − qx are exact.
        let qx =
            ix > 0x3FE9_0000
            ? 0.28125
            : Double(bitPattern: UInt64(ix - 0x0020_0000) << 32)
        let hz = 0.5 * z - qx
        let a = 1.0 - qx
        return a - (hz - z * r)
    }
}
