import Extraction
import Testing

/// A `"type":"test"` line after a workspace entity and pattern, and what
/// running the rule files' tests reports for it (nothing: it passes).
struct RuleTestCase: Sendable, CustomTestStringConvertible {
  var line: String
  var failures: [String]
  var testDescription: String { failures.first ?? "passes" }
}

private let workspaceRules = """
  {"type":"entity","id":"acme","label":"ORG","name":"Acme Widgets","aliases":["Acme"]}
  {"type":"pattern","id":"ship","label":"FAC","pattern":[{"lower":"hms"},{"shape":"capitalized","op":"+"}]}
  """

private let ruleTestCases: [RuleTestCase] = [
  .init(
    line:
      #"{"type":"test","text":"Acme Widgets sent the HMS Spey to Hanoi.","expect":[{"text":"Acme Widgets","label":"ORG","entity":"acme"},{"text":"HMS Spey","label":"FAC"},{"text":"Hanoi"}],"reject":[{"text":"Spey"},{"text":"Acme"}]}"#,
    failures: []),
  .init(
    line:
      #"{"type":"test","text":"US Ambassador to Japan Rahm Emanuel met Acme.","expect":[{"text":"US Ambassador to Japan","label":"TITLE","entity":"rahm-emanuel"},{"text":"Acme","label":"ORG","entity":"acme"}],"reject":[{"text":"US Ambassador to Japan","label":"ORG"}]}"#,
    failures: []),
  .init(
    line: #"{"type":"test","text":"Acme Widgets opened.","expect":[{"text":"Acme Widgets","label":"GPE"}]}"#,
    failures: [
      #"annotations/rules/x.jsonl:3: expect[0]: expected GPE "Acme Widgets"; the rules read ORG "Acme Widgets" (acme)"#
    ]),
  .init(
    line: #"{"type":"test","text":"Acme Widgets opened.","expect":[{"text":"Widgets opened"}]}"#,
    failures: [
      #"annotations/rules/x.jsonl:3: expect[0]: expected "Widgets opened"; the rules read ORG "Acme Widgets" (acme)"#
    ]),
  .init(
    line: #"{"type":"test","text":"Zorblat sang.","expect":[{"text":"Zorblat","label":"PERSON","entity":"zorblat"}]}"#,
    failures: [
      #"annotations/rules/x.jsonl:3: expect[0]: expected PERSON "Zorblat" (zorblat); the rules read nothing there"#
    ]),
  .init(
    line:
      #"{"type":"test","text":"Talks in Hanoi.","expect":[{"text":"Hanoi"}],"reject":[{"text":"Hanoi","label":"GPE"}]}"#,
    failures: [#"annotations/rules/x.jsonl:3: reject[0]: expected no GPE "Hanoi"; the rules read GPE "Hanoi" (hanoi)"#]),
  .init(
    line:
      #"{"type":"test","text":"Acme in Hanoi.","expect":[{"text":"Acme","entity":"acme-widgets"}],"reject":[{"text":"Hanoi"}]}"#,
    failures: [
      #"annotations/rules/x.jsonl:3: expect[0]: expected "Acme" (acme-widgets); the rules read ORG "Acme" (acme)"#,
      #"annotations/rules/x.jsonl:3: reject[0]: expected no "Hanoi"; the rules read GPE "Hanoi" (hanoi)"#,
    ]),
]

/// A malformed test line: a load error, like any bad rule line.
private let badTestLines: [UnknownKeyCase] = [
  .init(
    line: #"{"type":"test","text":"Acme opened.","expect":[{"text":"Acme","lable":"ORG"}]}"#,
    error: #"annotations/rules/x.jsonl:3: expect[0]: unknown key "lable""#),
  .init(
    line: #"{"type":"test","text":"Acme opened.","expects":[{"text":"Acme"}]}"#,
    error: #"annotations/rules/x.jsonl:3: unknown key "expects""#),
  .init(
    line: #"{"type":"test","text":"Acme opened.","reject":[{"text":"Acme","label":"COMPANY"}]}"#,
    error: #"annotations/rules/x.jsonl:3: reject[0].label: unknown label "COMPANY""#),
  .init(
    line: #"{"type":"test","text":"Acme opened.","expect":[{"text":"Acme Widgets"}]}"#,
    error: #"annotations/rules/x.jsonl:3: expect[0].text: "Acme Widgets" does not occur in the test's text"#),
  .init(
    line: #"{"type":"test","text":"Acme opened."}"#,
    error: #"annotations/rules/x.jsonl:3: expect: a test needs at least one expect or reject"#),
  .init(line: #"{"type":"test","expect":[{"text":"Acme"}]}"#, error: #"annotations/rules/x.jsonl:3: text: missing"#),
]

private func rules(with line: String) -> RuleSet {
  var builder = RuleSetBuilder()
  RuleSet.builtInFiles(into: &builder)
  builder.add(jsonl: workspaceRules + "\n" + line, file: "annotations/rules/x.jsonl", tier: .workspace)
  return builder.build()
}

@Suite struct RuleFileTests {
  @Test(arguments: ruleTestCases)
  func aTestReportsEachExpectationNotMet(_ c: RuleTestCase) {
    let rules = rules(with: c.line)
    let errors = rules.errors.map(\.description)
    #expect(errors == [])
    let (run, failures) = rules.runTests()
    #expect(run == 1)
    let reported = failures.map(\.description)
    #expect(reported == c.failures)
  }

  @Test(arguments: badTestLines)
  func aMalformedTestIsALoadErrorAndRunsNot(_ c: UnknownKeyCase) {
    let rules = rules(with: c.line)
    let errors = rules.errors.map(\.description)
    #expect(errors.count == 1)
    #expect(errors.first?.hasPrefix(c.error) == true, "\(errors)")
    let (run, failures) = rules.runTests()
    #expect(run == 0)
    #expect(failures.isEmpty)
  }

  /// The tests run on the rules alone: a tagger would find a person the
  /// rules cannot know, and the test must not see it.
  @Test func testsRunWithoutTheTagger() {
    let rules = rules(
      with: #"{"type":"test","text":"Marten Holloway said so.","reject":[{"text":"Marten Holloway"}]}"#)
    var extractor = Extractor(rules: rules)
    extractor.minimumConfidence = 0  // every guess of the toy model
    let withTagger = extractor.extract("Marten Holloway said so.").map(\.text)
    #expect(withTagger.contains("Marten Holloway"))
    let (run, failures) = rules.runTests()
    #expect(run == 1)
    #expect(failures.isEmpty)
  }
}
