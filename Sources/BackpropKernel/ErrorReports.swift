import BackpropLanguage
import JupyterKernel

/// Turns a language error into the protocol's error: ename, evalue and a compiler-style traceback.
enum ErrorReports {
    /// The report for an error: one traceback line per line of the rendered diagnostics
    /// (`<cell 3>:1:5: error: NameError: …`, the source line, the caret line), with ANSI colours
    /// as other kernels send them (frontends and nbconvert turn them into styles).
    static func report(for error: LanguageError) -> ErrorReport {
        let lines = error.rendered(colors: true).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return ErrorReport(ename: error.name, evalue: error.value, traceback: lines)
    }
}
