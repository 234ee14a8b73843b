import CBLAS
import Foundation
import Testing
@testable import DualTape

/// OpenBLAS is opened at first use with kernels that fit the CPU, never linked, never
/// shadowed by GSL's reference CBLAS, and the user's `OPENBLAS_CORETYPE` always wins.
@Suite("BLAS: OpenBLAS loaded at first use, with the CPU's kernels")
struct BLASLibraryTests {
    static let features = dualtape_read_cpu_features()
    static let hasAVX2 = features.avx2 && features.fma && features.osSavesYMM
    static let userCoreType = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"].flatMap { $0.isEmpty ? nil : $0 }

    /// OpenBLAS's kernel sets older than Haswell (no AVX2): SSE2 to AVX.
    static let preAVX2Cores: Set<String> = [
        "Katmai", "Coppermine", "Northwood", "Prescott", "Banias", "Atom", "Core2", "Penryn", "Dunnington", "Nehalem",
        "Athlon", "Opteron", "Opteron_SSE3", "Barcelona", "Nano", "Bobcat", "Bulldozer", "Piledriver", "Steamroller",
        "Excavator", "Sandybridge", "Unknown",
    ]

    /// A file of /proc, read to its end (`String(contentsOfFile:)` stops at the 4 KB that
    /// stat's size of 0 makes it expect).
    static func procFile(_ name: String) throws -> String {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/\(name)"))
        defer { try? handle.close() }
        return String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
    }

    /// The flags Linux lists in /proc/cpuinfo (CPUID bits, cleared when the OS does not save the registers).
    static func procCPUFlags() throws -> Set<String> {
        let text = try procFile("cpuinfo")
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("flags") })
        return Set(line.split(separator: ":", maxSplits: 1)[1].split(separator: " ").map(String.init))
    }

    /// The file mapped at `address` in this process, from /proc/self/maps (Linux).
    static func mappedFile(_ address: UnsafeRawPointer) throws -> String? {
        let maps = try procFile("self/maps")
        let target = UInt(bitPattern: address)
        for line in maps.split(separator: "\n") {
            let fields = line.split(separator: " ")
            let bounds = fields[0].split(separator: "-").compactMap { UInt($0, radix: 16) }
            if bounds.count == 2 && bounds[0] <= target && target < bounds[1] {
                return fields.count >= 6 ? fields[5...].joined(separator: " ") : nil
            }
        }
        return nil
    }

    #if os(Linux) && arch(x86_64)
    @Test("CPUID reads the features Linux reports in /proc/cpuinfo")
    func cpuidAgreesWithProcCPUInfo() throws {
        let flags = try Self.procCPUFlags(), f = Self.features
        #expect(flags.contains("avx") == (f.avx && f.osSavesYMM))
        #expect(flags.contains("avx2") == (f.avx2 && f.osSavesYMM))
        #expect(flags.contains("fma") == (f.fma && f.osSavesYMM))
        for (name, bit) in [("avx512f", f.avx512f), ("avx512cd", f.avx512cd), ("avx512bw", f.avx512bw),
                            ("avx512dq", f.avx512dq), ("avx512vl", f.avx512vl)] {
            #expect(flags.contains(name) == (bit && f.osSavesZMM), "\(name)")
        }
    }
    #endif

    @Test("the core type follows the features: AVX-512 → SkylakeX, AVX2 and FMA → Haswell, else OpenBLAS decides")
    func coreTypeForFeatures() {
        var f = dualtape_cpu_features()
        #expect(OpenBLASLibrary.coreType(for: f) == nil)
        f.avx = true; f.osSavesYMM = true
        #expect(OpenBLASLibrary.coreType(for: f) == nil, "AVX alone is Sandybridge's: OpenBLAS detects that itself")
        f.avx2 = true; f.fma = true
        #expect(OpenBLASLibrary.coreType(for: f)?.name == "Haswell")
        f.avx512f = true; f.avx512cd = true; f.avx512bw = true; f.avx512dq = true
        #expect(OpenBLASLibrary.coreType(for: f)?.name == "Haswell", "AVX-512 without VL is not the Skylake-SP set")
        f.avx512vl = true
        #expect(OpenBLASLibrary.coreType(for: f)?.name == "Haswell", "AVX-512 the OS does not save is unusable")
        f.osSavesZMM = true
        #expect(OpenBLASLibrary.coreType(for: f)?.name == "SkylakeX")
        f.osSavesYMM = false; f.osSavesZMM = false
        #expect(OpenBLASLibrary.coreType(for: f) == nil, "an OS without XSAVE support for YMM gets no AVX kernels")
    }

    /// The issue this guards against: OpenBLAS 0.3.21 falls back to Prescott (SSE3, 6× slower)
    /// on CPUs it cannot name, such as cloud VMs with AVX-512 and a generic model.
    @Test("on a CPU with AVX2, the kernels in use are not a pre-AVX2 set",
          .enabled(if: hasAVX2, "the CPU has no AVX2"),
          .enabled(if: userCoreType == nil, "OPENBLAS_CORETYPE is set: the user's choice wins"))
    func avx2MachinesRunAVX2Kernels() throws {
        let configuration = BLAS.configuration
        #expect(!Self.preAVX2Cores.contains(configuration.coreName), "\(configuration)")
        let expected = try #require(OpenBLASLibrary.coreType(for: Self.features))
        #expect(configuration.coreTypeChoice == .dualTape(coreType: expected.name, reason: expected.reason))
        #expect(configuration.coreName == expected.name, "\(configuration)")
        #expect(configuration.description.contains("core \(expected.name) (chosen by DualTape: \(expected.reason))"))
        // The variable was set for OpenBLAS's constructor only: the environment is as the user left it.
        #expect(getenv("OPENBLAS_CORETYPE") == nil)
    }

    /// A child process (the test binary) sets OPENBLAS_CORETYPE before DualTape's first BLAS
    /// call: OpenBLAS must run exactly those kernels. Haswell differs from DualTape's own choice
    /// on AVX-512 machines; Prescott runs anywhere x86-64.
    #if arch(x86_64)
    @Test("a user's OPENBLAS_CORETYPE is never overridden")
    func userCoreTypeWins() async {
        await #expect(processExitsWith: .success) {
            let features = dualtape_read_cpu_features()
            let wanted = features.avx2 && features.fma && features.osSavesYMM ? "Haswell" : "Prescott"
            setenv("OPENBLAS_CORETYPE", wanted, 1)
            let configuration = BLAS.configuration
            precondition(configuration.coreName == wanted, "\(configuration)")
            precondition(configuration.coreTypeChoice == .user(wanted), "\(configuration)")
            precondition(configuration.description.contains("core \(wanted) (set by OPENBLAS_CORETYPE=\(wanted))"))
            precondition(String(cString: getenv("OPENBLAS_CORETYPE")) == wanted)
            // And the kernels work: a product through them is right.
            precondition(matmul(NDArray([[1.0, 2], [3, 4]]), NDArray([[5.0], [6]])).scalars == [17, 39])
        }
    }
    #endif

    /// Nothing links OpenBLAS: in a fresh process of this test binary (which links every
    /// library target, GSL included), OpenBLAS is absent until the first product opens it.
    @Test("OpenBLAS is not linked: a fresh process loads it at the first product")
    func loadedAtFirstUseOnly() async {
        await #expect(processExitsWith: .success) {
            for name in OpenBLASLibrary.libraryCandidates() {
                precondition(dlopen(name, RTLD_NOW | RTLD_NOLOAD) == nil, "\(name) is loaded at start-up: something links it")
            }
            _ = matmul(NDArray([[1.0, 2], [3, 4]]), NDArray([[5.0, 6], [7, 8]]))
            precondition(dlopen(OpenBLASLibrary.shared.path, RTLD_NOW | RTLD_NOLOAD) != nil)
        }
    }

    /// Every routine DualTape calls is OpenBLAS's, whatever else defines the same names in the
    /// process: this test binary links libgsl, which pulls in GSL's reference CBLAS (15–30 times
    /// slower), so the process's global scope answers `cblas_dgemm` with GSL's.
    @Test("every routine resolves to OpenBLAS's file, not GSL's reference CBLAS")
    func routinesComeFromOpenBLAS() throws {
        let library = OpenBLASLibrary.shared
        let routines: [(String, UnsafeRawPointer)] = [
            ("cblas_dgemm", unsafeBitCast(library.dgemm, to: UnsafeRawPointer.self)),
            ("cblas_sgemm", unsafeBitCast(library.sgemm, to: UnsafeRawPointer.self)),
            ("cblas_dgemv", unsafeBitCast(library.dgemv, to: UnsafeRawPointer.self)),
            ("cblas_sgemv", unsafeBitCast(library.sgemv, to: UnsafeRawPointer.self)),
            ("dgetrf_", unsafeBitCast(library.dgetrf, to: UnsafeRawPointer.self)),
            ("dgetrs_", unsafeBitCast(library.dgetrs, to: UnsafeRawPointer.self)),
            ("dpotrf_", unsafeBitCast(library.dpotrf, to: UnsafeRawPointer.self)),
            ("dtrtrs_", unsafeBitCast(library.dtrtrs, to: UnsafeRawPointer.self)),
            ("dgeqrf_", unsafeBitCast(library.dgeqrf, to: UnsafeRawPointer.self)),
            ("dorgqr_", unsafeBitCast(library.dorgqr, to: UnsafeRawPointer.self)),
            ("dsyevd_", unsafeBitCast(library.dsyevd, to: UnsafeRawPointer.self)),
            ("dgesdd_", unsafeBitCast(library.dgesdd, to: UnsafeRawPointer.self)),
            ("sgetrf_", unsafeBitCast(library.sgetrf, to: UnsafeRawPointer.self)),
            ("ssyevd_", unsafeBitCast(library.ssyevd, to: UnsafeRawPointer.self)),
        ]
        let handle = try #require(dlopen(library.path, RTLD_NOW | RTLD_NOLOAD), "OpenBLAS is not loaded")
        for (name, address) in routines {
            #expect(UnsafeRawPointer(dlsym(handle, name)) == address, "\(name)")
            #if os(Linux)
            let file = try Self.mappedFile(address) ?? "no file"
            #expect(file.contains("openblas"), "\(name) comes from \(file)")
            #endif
        }
    }

    /// Run in a fresh process: the thread count is process-wide, and other tests multiply
    /// matrices concurrently.
    @Test("products below the threshold run on one thread, larger ones on all of OpenBLAS's")
    func smallProductsRunOnOneThread() async {
        await #expect(processExitsWith: .success) {
            let library = OpenBLASLibrary.shared, threshold = OpenBLASLibrary.singleThreadedWork
            precondition(BLAS.configuration.singleThreadedWork == threshold)
            // The smallest sides whose products reach the threshold: side² multiply-adds for a
            // gemv, cube³ for a gemm; one less stays below it.
            var side = 1, cube = 1
            while side * side < threshold { side += 1 }
            while cube * cube * cube < threshold { cube += 1 }
            let all = Int32(library.threads)
            for dtype in [DType.float64, .float32] {
                let products: [(NDArray, NDArray, Int32)] = [
                    (NDArray.ones([cube - 1, cube - 1], dtype: dtype), NDArray.ones([cube - 1, cube - 1], dtype: dtype), 1),
                    (NDArray.ones([cube, cube], dtype: dtype), NDArray.ones([cube, cube], dtype: dtype), all),
                    (NDArray.ones([side - 1, side - 1], dtype: dtype), NDArray.ones([side - 1], dtype: dtype), 1),
                    (NDArray.ones([side, side], dtype: dtype), NDArray.ones([side, 1], dtype: dtype), all),
                    (NDArray.ones([4, 4], dtype: dtype), NDArray.ones([4, 4], dtype: dtype), 1),
                ]
                for (a, b, threads) in products {
                    let c = matmul(a, b)
                    precondition(library.currentThreads() == threads, "\(a.shape) @ \(b.shape): \(library.currentThreads()) threads")
                    precondition(c.scalars.allSatisfy { $0 == Double(a.shape[1]) })
                }
            }
        }
    }

    @Test("the configuration describes what OpenBLAS reports")
    func configurationReportsOpenBLAS() {
        let configuration = BLAS.configuration
        #expect(configuration.version.hasPrefix("OpenBLAS "))
        #expect(configuration.buildConfiguration.hasPrefix(configuration.version))
        #expect(configuration.threads >= 1)
        #expect(configuration.description.hasPrefix("\(configuration.version), core \(configuration.coreName) ("))
        #expect(configuration.description.hasSuffix(configuration.threads == 1 ? ", 1 thread" : ", \(configuration.threads) threads"))
    }
}
