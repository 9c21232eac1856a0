/// An example a rule file carries (Harper's rule tests): a text, the
/// mentions the rules must read in it, and those they must not.
///
/// ```json
/// {"type":"test","text":"Acme Widgets opened in Hanoi.","expect":[{"text":"Acme Widgets","label":"ORG"}],"reject":[{"text":"Acme"}]}
/// ```
///
/// `gloss check` runs every test of the built-in and workspace rule files
/// on the rules alone — built-in and workspace rules and the knowledge base,
/// without the tagger or corrections — so a test says what the rules do.
public struct RuleTest: Sendable {
  /// A mention: exactly this text, and this label and entity id when given
  /// (`TITLE` means the title layer, any other label the core layer).
  public struct Expectation: Sendable, Equatable, CustomStringConvertible {
    public var text: String
    public var label: EntityLabel?
    public var entity: String?

    public func matches(_ m: Mention) -> Bool {
      guard m.text == text else { return false }
      if let label, m.label != label || (m.layer == .title) != (label == .TITLE) { return false }
      if let entity, m.entity != entity { return false }
      return true
    }

    public var description: String {
      (label.map { "\($0.rawValue) " } ?? "") + "\"\(text)\"" + (entity.map { " (\($0))" } ?? "")
    }
  }

  public var origin: RuleOrigin
  public var text: String
  public var expect: [Expectation]
  public var reject: [Expectation]

  /// Each expectation not met, as an error on the test's line: the field
  /// (`expect[0]`, `reject[1]`) and what the rules read there instead.
  public func failures(_ mentions: [Mention]) -> [RuleError] {
    var failures: [RuleError] = []
    func read(_ e: Expectation) -> String {
      let scalars = Array(text.unicodeScalars)
      let overlapping = Self.occurrences(of: e.text, in: scalars).flatMap { range in
        mentions.filter { $0.start < range.upperBound && range.lowerBound < $0.end }
      }
      let described = Array(
        Set(overlapping.map { "\($0.label.rawValue) \"\($0.text)\"\($0.entity.map { " (\($0))" } ?? "")" })
      )
      .sorted()
      return described.isEmpty ? "nothing there" : described.joined(separator: ", ")
    }
    for (index, e) in expect.enumerated() where !mentions.contains(where: e.matches) {
      failures.append(
        RuleError(
          file: origin.file, line: origin.line, field: "expect[\(index)]",
          message: "expected \(e); the rules read \(read(e))"))
    }
    for (index, e) in reject.enumerated() where mentions.contains(where: e.matches) {
      failures.append(
        RuleError(
          file: origin.file, line: origin.line, field: "reject[\(index)]",
          message: "expected no \(e); the rules read \(read(e))"))
    }
    return failures
  }

  /// The scalar ranges where `needle` occurs in `scalars`.
  static func occurrences(of needle: String, in scalars: [Unicode.Scalar]) -> [Range<Int>] {
    let needle = Array(needle.unicodeScalars)
    guard !needle.isEmpty, needle.count <= scalars.count else { return [] }
    return (0...(scalars.count - needle.count)).filter { Array(scalars[$0..<$0 + needle.count]) == needle }.map {
      $0..<$0 + needle.count
    }
  }

  /// Checks a test record and compiles it.
  static func compile(_ record: TestRecord, origin: RuleOrigin) throws -> RuleTest {
    guard !record.text.isEmpty else { throw RecordError(field: "text", message: "must not be empty") }
    let scalars = Array(record.text.unicodeScalars)
    func expectations(_ list: [TestRecord.Expectation]?, _ name: String) throws -> [Expectation] {
      try (list ?? []).enumerated().map { index, e in
        guard !occurrences(of: e.text, in: scalars).isEmpty else {
          throw RecordError(field: "\(name)[\(index)].text", message: "\"\(e.text)\" does not occur in the test's text")
        }
        var label: EntityLabel?
        if let raw = e.label {
          guard let known = EntityLabel(rawValue: raw) else {
            throw RecordError(field: "\(name)[\(index)].label", message: "unknown label \"\(raw)\"")
          }
          label = known
        }
        return Expectation(text: e.text, label: label, entity: e.entity)
      }
    }
    let expect = try expectations(record.expect, "expect")
    let reject = try expectations(record.reject, "reject")
    guard !expect.isEmpty || !reject.isEmpty else {
      throw RecordError(field: "expect", message: "a test needs at least one expect or reject")
    }
    return RuleTest(origin: origin, text: record.text, expect: expect, reject: reject)
  }
}

extension RuleSet {
  /// Runs the rule files' tests on these rules alone (no tagger; the rule
  /// set is expected to hold no corrections): how many ran, and each
  /// expectation not met.
  public func runTests() -> (run: Int, failures: [RuleError]) {
    guard !tests.isEmpty else { return (0, []) }
    var rules = self
    rules.tagger = nil
    let extractor = Extractor(rules: rules)
    let failures = tests.flatMap { test in test.failures(extractor.extract(test.text, sources: .rules)) }
    return (tests.count, failures)
  }
}
