/// Seeded toy datasets for classification: moons, circles, spirals and blobs.
///
/// Every generator draws from one ``SeededGenerator`` in a fixed order, which
/// each doc comment spells out, and uses only exactly rounded operations
/// and ``PortableMath``, so a seed gives bit-identical data on every machine.
extension Dataset {
    /// The most points a generator makes, so that no argument can exhaust memory.
    static let maximumGeneratedCount = 1_000_000

    /// The most classes (or centers) a generator makes.
    static let maximumClassCount = 1000

    /// Two interleaving half circles, like scikit-learn's `make_moons`: a binary problem no straight line separates.
    ///
    /// The generation, with n₀ = ⌈count/2⌉ and n₁ = ⌊count/2⌋:
    /// 1. Class 0 (target [0]): for i in 0..<n₀, with s = i/(n₀ − 1)
    ///    (s = 0 when n₀ = 1), the point (cos πs, sin πs) on the upper
    ///    unit half circle. Then class 1 (target [1]): for i in 0..<n₁, with
    ///    s = i/(n₁ − 1) likewise, the point (1 − cos πs, 0.5 − sin πs).
    ///    cos πs is `PortableMath.cosTwoPi(s/2)`; sin πs is
    ///    `PortableMath.cosTwoPi(|0.25 − s/2|)`.
    /// 2. Noise: for each point in that order, x += noise · g then
    ///    y += noise · g, each g one ``SeededGenerator/nextGaussian()`` draw
    ///    from a generator seeded with `seed` (drawn even when noise is 0);
    ///    a coordinate of −0.0 becomes 0.0.
    /// 3. Shuffle: the points are reordered by
    ///    ``shuffledIndices(_:using:)`` with the same generator: row k of
    ///    the result is point p[k] of the permutation p.
    ///
    /// - Parameters:
    ///   - count: The number of points, 2 to 1,000,000.
    ///   - noise: The standard deviation of the gaussian noise added to each coordinate; finite, 0 or more.
    ///   - seed: The seed of the noise and of the order.
    /// - Throws: ``MathError/Kind/value`` for a count or noise out of range.
    public static func moons(count: Int = 200, noise: Double = 0.1, seed: UInt64 = 0) throws -> Dataset {
        try checkPairCount(count, "moons")
        try checkNoise(noise, "moons")
        let outer = count - count / 2
        var points: [Double] = []
        points.reserveCapacity(2 * count)
        for i in 0..<outer {
            let u = fraction(i, of: outer) / 2
            points.append(PortableMath.cosTwoPi(u))
            points.append(sinTwoPi(u))
        }
        for i in 0..<(count - outer) {
            let u = fraction(i, of: count - outer) / 2
            points.append(1 - PortableMath.cosTwoPi(u))
            points.append(0.5 - sinTwoPi(u))
        }
        return noisyShuffledPair(points, outer: outer, noise: noise, seed: seed)
    }

    /// A circle inside a larger circle, like scikit-learn's `make_circles` with factor 0.5.
    ///
    /// The generation, with n₀ = ⌈count/2⌉ and n₁ = ⌊count/2⌋:
    /// 1. Class 0 (target [0]): for i in 0..<n₀, the point
    ///    (cos 2πu, sin 2πu) with u = i/n₀, on the unit circle. Then
    ///    class 1 (target [1]): for i in 0..<n₁, the point
    ///    (0.5 cos 2πu, 0.5 sin 2πu) with u = i/n₁. cos 2πu is
    ///    `PortableMath.cosTwoPi(u)`; sin 2πu is
    ///    `PortableMath.cosTwoPi(|0.25 − u|)`.
    /// 2. Noise and 3. shuffle exactly as in ``moons(count:noise:seed:)``.
    ///
    /// - Parameters:
    ///   - count: The number of points, 2 to 1,000,000.
    ///   - noise: The standard deviation of the gaussian noise added to each coordinate; finite, 0 or more.
    ///   - seed: The seed of the noise and of the order.
    /// - Throws: ``MathError/Kind/value`` for a count or noise out of range.
    public static func circles(count: Int = 200, noise: Double = 0.1, seed: UInt64 = 0) throws -> Dataset {
        try checkPairCount(count, "circles")
        try checkNoise(noise, "circles")
        let outer = count - count / 2
        var points: [Double] = []
        points.reserveCapacity(2 * count)
        for i in 0..<outer {
            let u = Double(i) / Double(outer)
            points.append(PortableMath.cosTwoPi(u))
            points.append(sinTwoPi(u))
        }
        let inner = count - outer
        for i in 0..<inner {
            let u = Double(i) / Double(inner)
            points.append(0.5 * PortableMath.cosTwoPi(u))
            points.append(0.5 * sinTwoPi(u))
        }
        return noisyShuffledPair(points, outer: outer, noise: noise, seed: seed)
    }

    /// Interleaved spiral arms, one per class, as in Stanford's CS231n notes: a problem that needs a hidden layer.
    ///
    /// For each class c in 0..<classes, then each i in 0..<count, with
    /// s = i/(count − 1) (s = 0 when count = 1): the radius is r = s and
    /// the angle, in radians, is t = 4(c + s) + 0.2 · g, with g one
    /// ``SeededGenerator/nextGaussian()`` draw from a generator seeded with
    /// `seed`. The point is (r sin t, r cos t), computed with
    /// u = t / 2π reduced to [0, 1) (u − ⌊u⌋, and 0 if that rounds to 1):
    /// sin t = `PortableMath.cosTwoPi(|0.25 − u|)`, cos t =
    /// `PortableMath.cosTwoPi(u)`, −0.0 becoming 0.0. The target is the
    /// one-hot row of c.
    /// The rows stay in this order (class 0's points first); training and
    /// ``split(_:seed:)`` shuffle.
    ///
    /// - Parameters:
    ///   - classes: The number of classes (arms), 2 to 1000.
    ///   - count: The number of points per class, 1 or more, with classes · count at most 1,000,000.
    ///   - seed: The seed of the angle noise.
    /// - Throws: ``MathError/Kind/value`` for sizes out of range.
    public static func spiral(classes: Int = 3, count: Int = 100, seed: UInt64 = 0) throws -> Dataset {
        let total = try checkClassSizes(classes, "classes", count, "spiral")
        var generator = SeededGenerator(seed: seed)
        var points: [Double] = []
        points.reserveCapacity(2 * total)
        for c in 0..<classes {
            for i in 0..<count {
                let s = fraction(i, of: count)
                let t = 4 * (Double(c) + s) + 0.2 * generator.nextGaussian()
                let u = turns(radians: t)
                // + 0.0 turns the -0.0 of a zero radius into 0.0.
                points.append(s * sinTwoPi(u) + 0.0)
                points.append(s * PortableMath.cosTwoPi(u) + 0.0)
            }
        }
        return Dataset(
            unchecked: Matrix(unchecked: total, 2, points),
            oneHotByClass(classes: classes, count: count))
    }

    /// Gaussian clusters in the plane, one class per cluster, like scikit-learn's `make_blobs` with σ = 1.
    ///
    /// With one generator seeded with `seed`: first the centers, for each
    /// center in order its x then its y as
    /// ``SeededGenerator/nextUniform(in:_:)`` draws in [−5, 5); then for
    /// each center c in order, for each of its `count` points, x = c_x + g
    /// then y = c_y + g, each g one ``SeededGenerator/nextGaussian()``
    /// draw. The target is the one-hot row of the center's index. The rows
    /// stay in this order (center 0's points first); training and
    /// ``split(_:seed:)`` shuffle.
    ///
    /// - Parameters:
    ///   - centers: The number of clusters (classes), 2 to 1000.
    ///   - count: The number of points per cluster, 1 or more, with centers · count at most 1,000,000.
    ///   - seed: The seed of the centers and the points.
    /// - Throws: ``MathError/Kind/value`` for sizes out of range.
    public static func blobs(centers: Int = 3, count: Int = 100, seed: UInt64 = 0) throws -> Dataset {
        let total = try checkClassSizes(centers, "centers", count, "blobs")
        var generator = SeededGenerator(seed: seed)
        var middles: [(x: Double, y: Double)] = []
        middles.reserveCapacity(centers)
        for _ in 0..<centers {
            let x = generator.nextUniform(in: -5, 5)
            let y = generator.nextUniform(in: -5, 5)
            middles.append((x, y))
        }
        var points: [Double] = []
        points.reserveCapacity(2 * total)
        for middle in middles {
            for _ in 0..<count {
                points.append(middle.x + generator.nextGaussian())
                points.append(middle.y + generator.nextGaussian())
            }
        }
        return Dataset(
            unchecked: Matrix(unchecked: total, 2, points),
            oneHotByClass(classes: centers, count: count))
    }
}

// MARK: - Helpers

extension Dataset {
    /// Checks the point count of a two-class generator: each class needs at least one point.
    private static func checkPairCount(_ count: Int, _ name: String) throws {
        guard count >= 2 else {
            throw MathError(
                .value, "\(name) needs a count of at least 2 (one point per class), but count is \(count)")
        }
        guard count <= maximumGeneratedCount else {
            throw MathError(
                .value, "\(name) makes at most \(maximumGeneratedCount) points, but count is \(count)")
        }
    }

    /// Checks a noise level: a standard deviation must be a finite number, 0 or more.
    private static func checkNoise(_ noise: Double, _ name: String) throws {
        guard noise.isFinite, noise >= 0 else {
            throw MathError(
                .value,
                "\(name) needs a noise (the standard deviation of the gaussian noise) that is a finite number, 0 or more, but noise is \(noise)"
            )
        }
    }

    /// Checks the sizes of a many-class generator and returns the total number of points.
    private static func checkClassSizes(
        _ classes: Int, _ classLabel: String, _ count: Int, _ name: String
    ) throws -> Int {
        guard classes >= 2, classes <= maximumClassCount else {
            throw MathError(
                .value,
                "\(name) needs 2 to \(maximumClassCount) \(classLabel), but \(classLabel) is \(classes)")
        }
        guard count >= 1 else {
            throw MathError(
                .value, "\(name) needs a count of at least 1 point per class, but count is \(count)")
        }
        // classes ≤ 1000, so this only overflows for counts far beyond the limit.
        let (total, overflow) = classes.multipliedReportingOverflow(by: count)
        guard !overflow, total <= maximumGeneratedCount else {
            throw MathError(
                .value,
                "\(name) with \(classes) \(classLabel) of \(count) points each would make more than \(maximumGeneratedCount) points, the most it makes: use a smaller count"
            )
        }
        // The one-hot targets have total × classes elements: 1000 classes of 1000 points would be 10⁹.
        let (cells, cellOverflow) = total.multipliedReportingOverflow(by: classes)
        guard !cellOverflow, cells <= Matrix.maximumElementCount else {
            throw MathError(
                .value,
                "\(name) with \(classes) \(classLabel) of \(count) points each would need a \(MathError.shapeText(total, classes)) matrix of one-hot targets, more than the \(Matrix.maximumElementCount) elements a matrix may hold: use fewer \(classLabel) or a smaller count"
            )
        }
        return total
    }

    /// i/(n − 1) for i in 0..<n, the steps of a closed interval [0, 1]; 0 when n = 1.
    private static func fraction(_ i: Int, of n: Int) -> Double {
        n > 1 ? Double(i) / Double(n - 1) : 0
    }

    /// sin(2πu) for u in [0, 1), as cos(2π(¼ − u)) with cos even; NaN when u is outside or NaN.
    ///
    /// PortableMath has only the cosine; this identity keeps sines
    /// portable too. For u ≥ 1/8 the subtraction is exact.
    private static func sinTwoPi(_ u: Double) -> Double {
        guard u >= 0, u < 1 else { return .nan }
        return PortableMath.cosTwoPi((0.25 - u).magnitude)
    }

    /// An angle in radians as a fraction of a full turn in [0, 1).
    private static func turns(radians t: Double) -> Double {
        let twoPi = 6.283185307179586  // 2π rounded to the nearest Double
        let u = t / twoPi
        let reduced = u - u.rounded(.down)
        // A tiny negative u reduces to 1 − tiny, which can round up to 1.
        return reduced >= 0 && reduced < 1 ? reduced : 0
    }

    /// Adds the noise to the two-class points (x, y pairs, class 0's `outer` points first) and shuffles them.
    private static func noisyShuffledPair(_ points: [Double], outer: Int, noise: Double, seed: UInt64)
        -> Dataset
    {
        var generator = SeededGenerator(seed: seed)
        var noisy = points
        for index in noisy.indices {
            // + 0.0 turns -0.0 (cos π/2, sin π, or noise 0 times a negative draw) into 0.0.
            noisy[index] += noise * generator.nextGaussian() + 0.0
        }
        let count = points.count / 2
        let order = shuffledIndices(count, using: &generator)
        var inputs: [Double] = []
        inputs.reserveCapacity(points.count)
        var targets: [Double] = []
        targets.reserveCapacity(count)
        for point in order {
            inputs.append(noisy[2 * point])
            inputs.append(noisy[2 * point + 1])
            targets.append(point < outer ? 0 : 1)
        }
        return Dataset(
            unchecked: Matrix(unchecked: count, 2, inputs),
            Matrix(unchecked: count, 1, targets))
    }

    /// One-hot targets for `count` samples of class 0, then `count` of class 1, and so on.
    private static func oneHotByClass(classes: Int, count: Int) -> Matrix {
        var targets = [Double](repeating: 0, count: classes * count * classes)
        for c in 0..<classes {
            for i in 0..<count {
                targets[(c * count + i) * classes + c] = 1
            }
        }
        return Matrix(unchecked: classes * count, classes, targets)
    }
}
