import DebriefFuzzing
import Foundation

// libFuzzer's entry for one target, named by DEBRIEF_FUZZ_TARGET (scripts/fuzz sets it).
// Built only with -sanitize=fuzzer, whose runtime parses libFuzzer's command line
// (-max_total_time=…, corpus folders) and calls the function below for each input.

let target = ProcessInfo.processInfo.environment["DEBRIEF_FUZZ_TARGET"] ?? "markdown"

/// One input: a broken promise is a crash, which libFuzzer keeps as an artifact.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    do {
        try FuzzTargets.run(target, data)
    } catch {
        FileHandle.standardError.write(Data("\n\(error)\n".utf8))
        abort()
    }
    return 0
}

// SwiftPM gives an executable its own `main` (this file's top level), so libFuzzer's is not
// used: hand libFuzzer the command line here.
@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(runDriver(&argc, &argv) { start, count in fuzzOne(start, count) })
