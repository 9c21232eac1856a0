import Extraction

/// A problem with a file of the store or the corpus: which file (relative to
/// the workspace root), which line when there is one, and what is wrong.
/// Problems are reported and the rest loads; nothing is rewritten because of one.
public struct StoreProblem: Error, Sendable, Equatable, CustomStringConvertible {
  public enum Severity: String, Sendable { case error, warning }
  public var file: String
  public var line: Int?
  public var message: String
  public var severity: Severity

  public init(file: String, line: Int? = nil, message: String, severity: Severity = .error) {
    self.file = file
    self.line = line
    self.message = message
    self.severity = severity
  }

  public var description: String { "\(FileAccess.display(file))\(line.map { ":\($0)" } ?? ""): \(message)" }
}

extension StoreProblem {
  /// A problem in a rule file (or a failing rule test): `file:line: field: message`.
  public init(ruleError e: RuleError) {
    self.init(file: e.file, line: e.line, message: "\(e.field.map { "\($0): " } ?? "")\(e.message)")
  }
}
