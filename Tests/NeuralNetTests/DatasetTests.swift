import Testing

@testable import NeuralNet

/// Expects `body` to throw a ``MathError`` of `kind` with exactly `message`.
private func expectError(
    _ message: String, kind: MathError.Kind = .value,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
) {
    let error = #expect(throws: MathError.self, sourceLocation: sourceLocation) { try body() }
    guard let error else { return }
    #expect(error.kind == kind, sourceLocation: sourceLocation)
    #expect(error.message == message, sourceLocation: sourceLocation)
}

/// The rows of a matrix as arrays, for order-insensitive comparisons.
private func rows(_ m: Matrix) -> [[Double]] { m.rowArrays }

/// The bit patterns of a matrix's elements, for exact pins.
private func bits(_ m: Matrix) -> [UInt64] { m.elements.map(\.bitPattern) }

/// A dataset whose sample i has input [i, −i] and target [i mod 2], so every row is unique.
private func numbered(_ n: Int) throws -> Dataset {
    try Dataset(
        inputs: Matrix(rowArrays: (0..<n).map { [Double($0), -Double($0)] }),
        targets: Matrix(rowArrays: (0..<n).map { [Double($0 % 2)] }))
}

@Suite struct DatasetTests {
    // MARK: - Making datasets

    @Test func initializerKeepsBothMatrices() throws {
        let inputs = try Matrix(rowArrays: [[1, 2], [3, 4], [5, 6]])
        let targets = try Matrix(rowArrays: [[0], [1], [0]])
        let data = try Dataset(inputs: inputs, targets: targets)
        #expect(data.inputs == inputs)
        #expect(data.targets == targets)
        #expect(data.count == 3)
    }

    @Test func initializerRejectsMismatchedAndEmptyMatrices() throws {
        expectError("inputs are 4×2 but targets are 3×1: they need one row per sample each", kind: .shape) {
            _ = try Dataset(
                inputs: Matrix(rows: 4, columns: 2, repeating: 0),
                targets: Matrix(rows: 3, columns: 1, repeating: 0))
        }
        expectError("a dataset needs at least one sample, but inputs are 0×2 and targets are 0×1") {
            _ = try Dataset(
                inputs: Matrix(rows: 0, columns: 2, repeating: 0),
                targets: Matrix(rows: 0, columns: 1, repeating: 0))
        }
        expectError("a dataset needs at least one input column, but inputs are 2×0") {
            _ = try Dataset(
                inputs: Matrix(rows: 2, columns: 0, repeating: 0),
                targets: Matrix(rows: 2, columns: 1, repeating: 0))
        }
        expectError("a dataset needs at least one target column, but targets are 2×0") {
            _ = try Dataset(
                inputs: Matrix(rows: 2, columns: 1, repeating: 0),
                targets: Matrix(rows: 2, columns: 0, repeating: 0))
        }
    }

    @Test func truthTables() {
        let inputs: [[Double]] = [[0, 0], [0, 1], [1, 0], [1, 1]]
        #expect(Dataset.xor.inputs.rowArrays == inputs)
        #expect(Dataset.and.inputs.rowArrays == inputs)
        #expect(Dataset.or.inputs.rowArrays == inputs)
        #expect(Dataset.xor.targets.rowArrays == [[0], [1], [1], [0]])
        #expect(Dataset.and.targets.rowArrays == [[0], [0], [0], [1]])
        #expect(Dataset.or.targets.rowArrays == [[0], [1], [1], [1]])
        #expect(Dataset.xor.count == 4)
        #expect(Dataset.xor != Dataset.or)
    }

    // MARK: - Generators: exact values

    @Test func moonsBitsArePinned() throws {
        // A change here changes every seeded moons dataset on every machine.
        let data = try Dataset.moons(count: 4, noise: 0.1, seed: 7)
        #expect(
            bits(data.inputs) == [
                0xBFA7_7FCE_7B9C_6599, 0x3FE1_72F2_3BE6_37E4, 0xBFEF_FCC9_DF7A_4B8C, 0xBFAB_1941_C5DA_8122,
                0x3FF1_94E1_0BD0_641C, 0xBFC7_DCCB_1E10_7EE0, 0x4001_3C59_5EF1_35E0, 0x3FD3_CCA6_C242_A6C0,
            ])
        #expect(data.targets.rowArrays == [[1], [0], [0], [1]])
        // An independent Python implementation of the documented algorithm with libm's sin, cos and log.
        let reference = [
            -0.04589696177408625, 0.5452815217884077, -0.9996079792784811, -0.05292707004741902,
            1.0988474332318736, -0.18642558067312276, 2.1544673364030444, 0.3093659302781865,
        ]
        #expect(maxDifference(data.inputs.elements, reference) < 1e-13)
        // Plausible: class 1 near (0, 0.5) and (2, 0.5), class 0 near (−1, 0) and (1, 0).
        let centres: [[Double]] = [[0, 0.5], [-1, 0], [1, 0], [2, 0.5]]
        for (row, centre) in zip(data.inputs.rowArrays, centres) {
            #expect(maxDifference(row, centre) < 0.3)
        }
    }

    @Test func moonsMatchTheReferenceForTheDefaults() throws {
        let data = try Dataset.moons()
        #expect(data.count == 200)
        let reference = [
            1.0577547291808875, 0.33441130868004143, -0.05403474816448908, 1.0669179941390625,
            0.037628752924276754, 0.9083637388427587,
        ]
        #expect(maxDifference(Array(data.inputs.elements.prefix(6)), reference) < 1e-13)
    }

    @Test func circlesBitsArePinned() throws {
        let data = try Dataset.circles(count: 4, noise: 0.1, seed: 7)
        #expect(
            bits(data.inputs) == [
                0x3FDD_1006_308C_734D, 0x3FA7_2F23_BE63_7E40, 0xBFEF_FCC9_DF7A_4B8C, 0xBFAB_1941_C5DA_8122,
                0x3FF1_94E1_0BD0_641C, 0xBFC7_DCCB_1E10_7EE0, 0xBFD6_1D35_0876_5100, 0xBFC8_66B2_7B7A_B280,
            ])
        #expect(data.targets.rowArrays == [[1], [0], [0], [1]])
        let reference = [
            0.45410303822591375, 0.04528152178840772, -0.9996079792784811, -0.05292707004741902,
            1.0988474332318736, -0.18642558067312276, -0.34553266359695556, -0.19063406972181335,
        ]
        #expect(maxDifference(data.inputs.elements, reference) < 1e-13)
    }

    @Test func spiralBitsArePinned() throws {
        let data = try Dataset.spiral(classes: 2, count: 2, seed: 7)
        #expect(
            bits(data.inputs) == [
                0, 0, 0xBFDD_DE6B_0FED_05FF, 0xBFEC_4D21_C3AC_DA7E,
                0, 0, 0x3FEF_F964_B383_D803, 0xBFA4_8EFD_7A00_EAB4,
            ])
        #expect(data.targets.rowArrays == [[1, 0], [1, 0], [0, 1], [0, 1]])
        let reference = [
            0.0, 0.0, -0.46670033030758873, -0.8844155141621994, 0.0, 0.0, 0.9991935259010919,
            -0.040153428214088266,
        ]
        #expect(maxDifference(data.inputs.elements, reference) < 1e-13)
        let defaults = try Dataset.spiral()
        let referenceRows50To52 = [
            0.49266221821610423, -0.11117531827774516, 0.4555216449699869, -0.24058494243559572,
            0.4883975684755436, -0.19328225575911367,
        ]
        #expect(maxDifference(Array(defaults.inputs.elements[100..<106]), referenceRows50To52) < 1e-13)
    }

    @Test func blobsBitsArePinned() throws {
        let data = try Dataset.blobs(centers: 2, count: 2, seed: 7)
        #expect(
            bits(data.inputs) == [
                0xBFF1_9084_2EAB_BA77, 0xC015_720F_A1B6_E8A8, 0xBFF8_F883_57E9_207C, 0xC011_8467_B362_10B4,
                0x4016_3588_EED3_390E, 0xBFF1_3B8B_F418_D847, 0x4008_7658_C020_2B5C, 0x3FEC_951C_986C_DDFB,
            ])
        #expect(data.targets.rowArrays == [[1, 0], [1, 0], [0, 1], [0, 1]])
        let reference = [
            -1.097782308872096, -5.361387755192631, -1.560672133828148, -4.379301836834362,
            5.552280170099278, -1.0770377669373534, 3.0577864656274145, 0.8932021119171043,
        ]
        #expect(maxDifference(data.inputs.elements, reference) < 1e-13)
    }

    @Test func sameSeedSameDataDifferentSeedDifferentData() throws {
        #expect(try Dataset.moons(seed: 3) == Dataset.moons(seed: 3))
        #expect(try Dataset.moons(seed: 3) != Dataset.moons(seed: 4))
        #expect(try Dataset.circles(seed: 3) == Dataset.circles(seed: 3))
        #expect(try Dataset.circles(seed: 3) != Dataset.circles(seed: 4))
        #expect(try Dataset.spiral(seed: 3) == Dataset.spiral(seed: 3))
        #expect(try Dataset.spiral(seed: 3) != Dataset.spiral(seed: 4))
        #expect(try Dataset.blobs(seed: 3) == Dataset.blobs(seed: 3))
        #expect(try Dataset.blobs(seed: 3) != Dataset.blobs(seed: 4))
        // Without noise the seed still decides the order, but the set of points is the same.
        let a = try Dataset.moons(count: 50, noise: 0, seed: 1)
        let b = try Dataset.moons(count: 50, noise: 0, seed: 2)
        #expect(a != b)
        #expect(
            rows(a.inputs).sorted { $0.lexicographicallyPrecedes($1) }
                == rows(b.inputs).sorted { $0.lexicographicallyPrecedes($1) })
    }

    // MARK: - Generators: shapes and geometry

    @Test func noiseFreeMoonsLieOnTheTwoHalfCircles() throws {
        let data = try Dataset.moons(count: 101, noise: 0, seed: 5)
        #expect(data.inputs.shape == [101, 2])
        #expect(data.targets.shape == [101, 1])
        let labels = data.targets.elements
        #expect(labels.filter { $0 == 0 }.count == 51)
        #expect(labels.filter { $0 == 1 }.count == 50)
        for (point, label) in zip(data.inputs.rowArrays, labels) {
            let (x, y) = (point[0], point[1])
            if label == 0 {
                #expect(abs(x * x + y * y - 1) < 1e-15)
                #expect(y >= 0)
            } else {
                #expect(abs((x - 1) * (x - 1) + (y - 0.5) * (y - 0.5) - 1) < 1e-15)
                #expect(y <= 0.5)
            }
        }
        // The end points of both moons are there exactly.
        let points = Set(data.inputs.rowArrays)
        for end: [Double] in [[1, 0], [-1, 0], [0, 0.5], [2, 0.5]] {
            #expect(points.contains(end))
        }
        #expect(!data.inputs.elements.contains { $0 == 0 && $0.sign == .minus })
    }

    @Test func noisyMoonsStayWithinTheNoise() throws {
        let data = try Dataset.moons(count: 2000, noise: 0.1, seed: 9)
        var squaredDeviation = 0.0
        for (point, label) in zip(data.inputs.rowArrays, data.targets.elements) {
            let (cx, cy) = label == 0 ? (0.0, 0.0) : (1.0, 0.5)
            let radius = ((point[0] - cx) * (point[0] - cx) + (point[1] - cy) * (point[1] - cy)).squareRoot()
            squaredDeviation += (radius - 1) * (radius - 1)
        }
        // Radial deviation of 2-D gaussian noise σ 0.1 has an RMS of about 0.1.
        let rms = (squaredDeviation / 2000).squareRoot()
        #expect(rms > 0.08 && rms < 0.12)
    }

    @Test func noiseFreeCirclesHaveRadiiOneAndOneHalf() throws {
        let data = try Dataset.circles(count: 7, noise: 0, seed: 2)
        #expect(data.targets.elements.filter { $0 == 0 }.count == 4)
        #expect(data.targets.elements.filter { $0 == 1 }.count == 3)
        for (point, label) in zip(data.inputs.rowArrays, data.targets.elements) {
            let radius = (point[0] * point[0] + point[1] * point[1]).squareRoot()
            #expect(abs(radius - (label == 0 ? 1 : 0.5)) < 1e-15)
        }
        #expect(Set(data.inputs.rowArrays).contains([1, 0]))
        #expect(Set(data.inputs.rowArrays).contains([0.5, 0]))
        #expect(try Dataset.circles().count == 200)
    }

    @Test func spiralHasOneHotTargetsInClassOrder() throws {
        let data = try Dataset.spiral(classes: 4, count: 25, seed: 1)
        #expect(data.inputs.shape == [100, 2])
        #expect(data.targets.shape == [100, 4])
        for (index, row) in data.targets.rowArrays.enumerated() {
            #expect(row.reduce(0, +) == 1)
            #expect(row[index / 25] == 1)
        }
        for (index, point) in data.inputs.rowArrays.enumerated() {
            // The radius grows linearly from 0 to 1 along each arm.
            let radius = (point[0] * point[0] + point[1] * point[1]).squareRoot()
            #expect(abs(radius - Double(index % 25) / 24) < 1e-15)
        }
        #expect(try Dataset.spiral(classes: 2, count: 1, seed: 0).inputs.elements == [0, 0, 0, 0])
    }

    @Test func blobsClusterAroundCentresInTheBox() throws {
        let data = try Dataset.blobs(centers: 5, count: 400, seed: 11)
        #expect(data.inputs.shape == [2000, 2])
        #expect(data.targets.shape == [2000, 5])
        let points = data.inputs.rowArrays
        let targets = data.targets.rowArrays
        for center in 0..<5 {
            let members = (0..<2000).filter { targets[$0][center] == 1 }
            #expect(members == Array((center * 400)..<((center + 1) * 400)))
            let meanX = members.map { points[$0][0] }.reduce(0, +) / 400
            let meanY = members.map { points[$0][1] }.reduce(0, +) / 400
            #expect(abs(meanX) < 5.2 && abs(meanY) < 5.2)
            let variance =
                members.map { (points[$0][0] - meanX) * (points[$0][0] - meanX) }.reduce(0, +) / 400
            #expect(abs(variance - 1) < 0.2)
        }
        for row in targets {
            #expect(row.reduce(0, +) == 1)
        }
    }

    @Test func generatorArgumentsAreChecked() {
        expectError("moons needs a count of at least 2 (one point per class), but count is 1") {
            _ = try Dataset.moons(count: 1)
        }
        expectError("circles needs a count of at least 2 (one point per class), but count is -5") {
            _ = try Dataset.circles(count: -5)
        }
        expectError("moons makes at most 1000000 points, but count is 1000001") {
            _ = try Dataset.moons(count: 1_000_001)
        }
        expectError(
            "moons needs a noise (the standard deviation of the gaussian noise) that is a finite number, 0 or more, but noise is -0.1"
        ) {
            _ = try Dataset.moons(noise: -0.1)
        }
        expectError(
            "circles needs a noise (the standard deviation of the gaussian noise) that is a finite number, 0 or more, but noise is nan"
        ) {
            _ = try Dataset.circles(noise: .nan)
        }
        expectError(
            "circles needs a noise (the standard deviation of the gaussian noise) that is a finite number, 0 or more, but noise is inf"
        ) {
            _ = try Dataset.circles(noise: .infinity)
        }
        expectError("spiral needs 2 to 1000 classes, but classes is 1") {
            _ = try Dataset.spiral(classes: 1)
        }
        expectError("blobs needs 2 to 1000 centers, but centers is 1001") {
            _ = try Dataset.blobs(centers: 1001)
        }
        expectError("spiral needs a count of at least 1 point per class, but count is 0") {
            _ = try Dataset.spiral(count: 0)
        }
        expectError(
            "blobs with 3 centers of 400000 points each would make more than 1000000 points, the most it makes: use a smaller count"
        ) {
            _ = try Dataset.blobs(centers: 3, count: 400_000)
        }
        expectError(
            "spiral with 3 classes of \(Int.max) points each would make more than 1000000 points, the most it makes: use a smaller count"
        ) {
            _ = try Dataset.spiral(classes: 3, count: Int.max)
        }
        expectError(
            "spiral with 1000 classes of 1000 points each would need a 1000000×1000 matrix of one-hot targets, more than the 134217728 elements a matrix may hold: use fewer classes or a smaller count"
        ) {
            _ = try Dataset.spiral(classes: 1000, count: 1000)
        }
    }

    // MARK: - Shuffling, splitting and selecting

    @Test func shuffledIndicesArePinnedAndAPermutation() {
        // Checked against an independent Python implementation of the documented algorithm.
        var generator = SeededGenerator(seed: 7)
        #expect(Dataset.shuffledIndices(10, using: &generator) == [9, 5, 8, 6, 1, 2, 4, 7, 0, 3])
        var other = SeededGenerator(seed: 8)
        let big = Dataset.shuffledIndices(1000, using: &other)
        #expect(big.sorted() == Array(0..<1000))
        #expect(big != Array(0..<1000))
        #expect(Dataset.shuffledIndices(0, using: &other) == [])
        #expect(Dataset.shuffledIndices(-3, using: &other) == [])
        #expect(Dataset.shuffledIndices(1, using: &other) == [0])
    }

    @Test func randomIndexIsInRangeAndUniform() {
        var generator = SeededGenerator(seed: 1)
        #expect(generator.nextIndex(below: 1) == 0)
        #expect(generator.nextIndex(below: 0) == 0)
        var counts = [Int](repeating: 0, count: 6)
        for _ in 0..<60_000 {
            let index = generator.nextIndex(below: 6)
            #expect(index >= 0 && index < 6)
            counts[min(max(index, 0), 5)] += 1
        }
        for count in counts {
            #expect(abs(count - 10_000) < 400)
        }
        for _ in 0..<100 {
            let index = generator.nextIndex(below: Int.max)
            #expect(index >= 0 && index < Int.max)
        }
        // With bound 3·2^61, 2^64 mod bound is 2^62, so a quarter of the draws are rejected;
        // these 8 values (from an independent Python implementation) needed 2 rejections.
        var rejecting = SeededGenerator(seed: 0)
        let values = (0..<8).map { _ in rejecting.nextIndex(below: 3 << 61) }
        #expect(
            values == [
                6_110_328_156_246_977_825, 2_985_107_445_822_883_387, 182_856_382_301_829_629,
                6_716_104_266_292_703_416,
                2_264_285_475_473_685_783, 1_202_736_009_750_115_092, 5_337_195_699_600_130_102,
                6_585_699_942_742_147_646,
            ])
    }

    @Test func splitSizesAreDisjointAndCoverEverySample() throws {
        let data = try numbered(10)
        let (train, test) = try data.split(0.75, seed: 3)
        #expect(train.count == 8)  // round(7.5) = 8
        #expect(test.count == 2)
        let trainRows = rows(train.inputs)
        let testRows = rows(test.inputs)
        #expect(Set(trainRows).isDisjoint(with: Set(testRows)))
        let all = (trainRows + testRows).sorted { $0[0] < $1[0] }
        #expect(all == rows(data.inputs))
        // Targets travel with their inputs.
        for (input, target) in zip(trainRows + testRows, rows(train.targets) + rows(test.targets)) {
            #expect(target == [Double(Int(input[0]) % 2)])
        }
        // The documented order: the first 8 of the seed's permutation go to train.
        var generator = SeededGenerator(seed: 3)
        let order = Dataset.shuffledIndices(10, using: &generator)
        #expect(trainRows.map { Int($0[0]) } == Array(order.prefix(8)))
        #expect(testRows.map { Int($0[0]) } == Array(order.suffix(2)))
    }

    @Test func splitIsReproducibleBySeed() throws {
        let data = try numbered(50)
        let a = try data.split(0.8, seed: 1)
        let b = try data.split(0.8, seed: 1)
        let c = try data.split(0.8, seed: 2)
        #expect(a.train == b.train && a.test == b.test)
        #expect(a.train != c.train)
        #expect(a.train.count == 40 && a.test.count == 10)
        let pinned = try Dataset.moons(count: 10, noise: 0, seed: 3).split(0.7, seed: 5)
        #expect(
            pinned.test.inputs.rowArrays == [
                [0.2928932188134524, -0.20710678118654757], [1, -0.5],
                [-0.7071067811865475, 0.7071067811865476],
            ])
        #expect(pinned.test.targets.rowArrays == [[1], [1], [0]])
    }

    @Test func splitRejectsBadFractions() throws {
        let data = try numbered(10)
        for bad in [0, 1, -0.5, 1.5] {
            expectError(
                "split needs the fraction of samples for training strictly between 0 and 1 (e.g. 0.8 for 80%), but it is \(bad)"
            ) {
                _ = try data.split(bad)
            }
        }
        expectError(
            "split needs the fraction of samples for training strictly between 0 and 1 (e.g. 0.8 for 80%), but it is nan"
        ) {
            _ = try data.split(.nan)
        }
        expectError(
            "split(0.04) of 10 samples leaves no sample for training: use a larger fraction or more samples"
        ) {
            _ = try data.split(0.04)
        }
        expectError(
            "split(0.96) of 10 samples leaves no sample for testing: use a smaller fraction or more samples"
        ) {
            _ = try data.split(0.96)
        }
        expectError(
            "split(0.5) of 1 sample leaves no sample for testing: use a smaller fraction or more samples"
        ) {
            _ = try numbered(1).split(0.5)
        }
        #expect(try data.split(0.05).train.count == 1)  // round(0.5) = 1
    }

    @Test func samplesSelectRowsInOrderAndSkipBadIndices() throws {
        let data = try numbered(5)
        let picked = data.samples([3, 0, 3])
        #expect(picked.inputs.rowArrays == [[3, -3], [0, 0], [3, -3]])
        #expect(picked.targets.rowArrays == [[1], [0], [1]])
        let skipping = data.samples([-1, 4, 5, Int.max, Int.min])
        #expect(skipping.inputs.rowArrays == [[4, -4]])
        #expect(skipping.targets.rowArrays == [[0]])
        #expect(data.samples([]).count == 0)
        #expect(data.samples([]).inputs.shape == [0, 2])
    }

    // MARK: - CSV

    @Test func csvWithANumericTarget() throws {
        let data = try Dataset.csv("x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n", targets: ["y"])
        #expect(data == Dataset.xor)
    }

    @Test func csvTargetColumnsMayBeAnywhereAndKeepTheGivenOrder() throws {
        let text = "a,t1,b,t2\n1,10,2,20\n3,30,4,40"
        let data = try Dataset.csv(text, targets: ["t2", "t1"])
        #expect(data.inputs.rowArrays == [[1, 2], [3, 4]])
        #expect(data.targets.rowArrays == [[20, 10], [40, 30]])
        let single = try Dataset.csv(text, targets: ["b"])
        #expect(single.inputs.rowArrays == [[1, 10, 20], [3, 30, 40]])
        #expect(single.targets.rowArrays == [[2], [4]])
    }

    @Test func csvToleratesSpacesQuotesCRLFAndTrailingBlankLines() throws {
        let text =
            "\u{FEFF} x1 ,\"x,2\", \"label\" \r\n  1.5 , \" -2e1 \",\"cat, \"\"tabby\"\"\"\r\n\t3,4,dog\r\n\r\n  \n\n"
        let data = try Dataset.csv(text, targets: ["label"])
        #expect(data.inputs.rowArrays == [[1.5, -20], [3, 4]])
        #expect(data.targets.rowArrays == [[1, 0], [0, 1]])
        // A quoted name may hold a comma; a quoted label keeps its commas and quotes.
        expectError("line 2, column \"label\": \"cat, \"tabby\"\" is not a number") {
            _ = try Dataset.csv(text, targets: ["x,2"])
        }
    }

    @Test func csvWithCRLFLineEnds() throws {
        let numeric = try Dataset.csv("x,y\r\n1,0\r\n2,1\r\n", targets: ["y"])
        #expect(numeric.inputs.rowArrays == [[1], [2]])
        #expect(numeric.targets.rowArrays == [[0], [1]])
        // The last line has no line break: its label must still equal the others.
        let labels = try Dataset.csv("x,c\r\n1,a\r\n2,b\r\n3,a", targets: ["c"])
        #expect(labels.targets.rowArrays == [[1, 0], [0, 1], [1, 0]])
        // A lone carriage return is not a line end.
        expectError("line 2, column \"x\": \"1\r2\" is not a number") {
            _ = try Dataset.csv("x,y\n1\r2,0", targets: ["y"])
        }
    }

    @Test func csvStringLabelsBecomeOneHotByFirstAppearance() throws {
        let text = """
            x,species
            1,setosa
            2,virginica
            3,setosa
            4,versicolor
            5,virginica
            """
        let data = try Dataset.csv(text, targets: ["species"])
        #expect(data.inputs.rowArrays == [[1], [2], [3], [4], [5]])
        #expect(data.targets.rowArrays == [[1, 0, 0], [0, 1, 0], [1, 0, 0], [0, 0, 1], [0, 1, 0]])
        // One non-number makes the whole column labels, numbers included; two labels give two columns.
        let mixed = try Dataset.csv("x,y\n1,0\n2,yes\n3,0", targets: ["y"])
        #expect(mixed.targets.rowArrays == [[1, 0], [0, 1], [1, 0]])
        // Labels are trimmed, quoted or not.
        let quoted = try Dataset.csv("x,y\n1,\" a \"\n2, a", targets: ["y"])
        #expect(quoted.targets.rowArrays == [[1], [1]])
    }

    @Test func csvQuotedLineBreaksCountAsLines() throws {
        let text = "x,y\n1,\"two\nlines\"\n2,b\n3,c,extra"
        expectError("line 5 has 3 fields but the header has 2") {
            _ = try Dataset.csv(text, targets: ["y"])
        }
        let data = try Dataset.csv("x,y\n1,\"two\r\nlines\"\n2,b", targets: ["y"])
        #expect(data.targets.rowArrays == [[1, 0], [0, 1]])
    }

    @Test func csvErrorsNameTheLineAndColumn() {
        let header = "x1,x2,x3,y\n"
        let good = "1,2,3,0\n"
        expectError("line 7, column \"x2\": \"abc\" is not a number") {
            _ = try Dataset.csv(header + String(repeating: good, count: 5) + "1,abc,3,1\n", targets: ["y"])
        }
        expectError("line 4 has 3 fields but the header has 4") {
            _ = try Dataset.csv(header + good + good + "1,2,3\n", targets: ["y"])
        }
        expectError("line 2 has 1 field but the header has 4") {
            _ = try Dataset.csv(header + "1\n", targets: ["y"])
        }
        expectError("line 3 is blank but the header has 4 columns: only blank lines at the end are ignored") {
            _ = try Dataset.csv(header + good + "\n" + good, targets: ["y"])
        }
        expectError("no column named \"label\"; the columns are x1, x2, y") {
            _ = try Dataset.csv("x1,x2,y\n1,2,3", targets: ["label"])
        }
        expectError("line 2, column \"x1\": \"\" is not a number") {
            _ = try Dataset.csv("x1,y\n,1", targets: ["y"])
        }
        expectError("line 2, column \"x1\": \"nan\" is not a finite number") {
            _ = try Dataset.csv("x1,y\nnan,1", targets: ["y"])
        }
        expectError("line 3, column \"x1\": \"1e999\" is not a finite number") {
            _ = try Dataset.csv("x1,y\n1,1\n1e999,1", targets: ["y"])
        }
        expectError("line 2, column \"y\" is empty: it needs a number or a class label") {
            _ = try Dataset.csv("x1,y\n1, ", targets: ["y"])
        }
        expectError(
            "line 3, column \"b\": \"cat\" is not a number (only a single target column may hold class labels)"
        ) {
            _ = try Dataset.csv("x,a,b\n1,2,3\n1,2,cat", targets: ["a", "b"])
        }
    }

    @Test func csvErrorsForTheWholeText() {
        let emptyMessage =
            "the CSV text is empty: it needs a header line of column names, then one line per sample"
        for empty in ["", "\n", " \r\n\n\t\n", "\u{FEFF}"] {
            expectError(emptyMessage) {
                _ = try Dataset.csv(empty, targets: ["y"])
            }
        }
        expectError("the CSV text has a header but no samples: add one line per sample after the header") {
            _ = try Dataset.csv("x,y\n\n\n", targets: ["y"])
        }
        expectError(
            "line 1: the header has two columns named \"x\" (columns 1 and 3): every column needs its own name"
        ) {
            _ = try Dataset.csv("x,y,x\n1,2,3", targets: ["y"])
        }
        expectError("line 1: column 2 of the header has no name") {
            _ = try Dataset.csv("x,,y\n1,2,3", targets: ["y"])
        }
        expectError("line 3: a quoted field is never closed: a closing \" is missing") {
            _ = try Dataset.csv("x,y\n1,2\n3,\"4\n5,6\n", targets: ["y"])
        }
        expectError(
            "line 2: unexpected text after the closing quote of field 2; write \"\" for a quote inside a quoted field"
        ) {
            _ = try Dataset.csv("x,y\n1,\"a\"b\n", targets: ["y"])
        }
        expectError("every column is a target (a, b): at least one column must be an input") {
            _ = try Dataset.csv("a,b\n1,2", targets: ["b", "a"])
        }
        expectError("name at least one target column, e.g. targets: [\"label\"]") {
            _ = try Dataset.csv("a,b\n1,2", targets: [])
        }
        expectError("the target column \"b\" is named twice") {
            _ = try Dataset.csv("a,b\n1,2", targets: ["b", "b"])
        }
    }
}
