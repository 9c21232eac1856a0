import Extraction
import Testing

/// A rule line with a key its record does not declare, in the middle of a
/// file of good lines, and the one error it must give.
struct UnknownKeyCase: Sendable, CustomTestStringConvertible {
  var line: String
  var error: String
  var file = "annotations/rules/x.jsonl"
  var defaultType: String? = nil
  var testDescription: String { error }
}

private let unknownKeyCases: [UnknownKeyCase] = [
  // A misspelt key in a pattern element once made an element that matches anything.
  .init(
    line: #"{"type":"pattern","id":"bad","label":"FAC","pattern":[{"lowr":"hms"},{"shape":"capitalized","op":"+"}]}"#,
    error: #"annotations/rules/x.jsonl:3: pattern[0]: unknown key "lowr""#),
  .init(
    line: #"{"type":"pattern","id":"bad","label":"FAC","pattern":[{"lower":"hms"},{"shape":"capitalized","opp":"+"}]}"#,
    error: #"annotations/rules/x.jsonl:3: pattern[1]: unknown key "opp""#),
  .init(
    line: #"{"type":"pattern","id":"bad","label":"FAC","pattern":[{"type":"token","lower":"hms"}]}"#,
    error: #"annotations/rules/x.jsonl:3: pattern[0]: unknown key "type""#),
  .init(
    line: #"{"type":"pattern","id":"bad","label":"FAC","minToken":2,"pattern":[{"lower":"hms"}]}"#,
    error: #"annotations/rules/x.jsonl:3: unknown key "minToken""#),
  .init(
    line: #"{"type":"entity","id":"bad","label":"ORG","name":"Zorblat","alias":["Zorblat"]}"#,
    error: #"annotations/rules/x.jsonl:3: unknown key "alias""#),
  .init(
    line: #"{"type":"gazetteer","id":"bad","label":"ORG","name":"Zorblat","lable":"GPE"}"#,
    error: #"annotations/rules/x.jsonl:3: unknown key "lable""#),
  .init(
    line: #"{"type":"country","id":"bad","name":"Freedonia","capitol":"Fredville"}"#,
    error: #"annotations/rules/x.jsonl:3: unknown key "capitol""#),
  .init(
    line: #"{"type":"list","name":"bad","word":["Zorblat"]}"#,
    error: #"annotations/rules/x.jsonl:3: unknown key "word""#),
  // The knowledge base: lines without `type` are entities, held to the same keys.
  .init(
    line: #"{"id":"bad","label":"ORG","name":"Zorblat","descripton":"a typo"}"#,
    error: #"annotations/entities.jsonl:3: unknown key "descripton""#, file: "annotations/entities.jsonl",
    defaultType: "entity"),
]

@Suite struct RuleSchema {
  @Test(arguments: unknownKeyCases)
  func anUnknownKeyIsAnErrorAndTheOtherLinesWork(_ c: UnknownKeyCase) {
    var builder = RuleSetBuilder()
    RuleSet.builtInFiles(into: &builder)
    builder.taggerWeights = nil
    let good = [
      #"{"type":"entity","id":"acme","label":"ORG","name":"Acme Widgets"}"#,
      #"{"type":"comment","text":"comments may say anything","see":"README"}"#,
      c.line,
      #"{"type":"pattern","id":"ship","label":"FAC","pattern":[{"lower":"hms"},{"shape":"capitalized","op":"+"}]}"#,
    ]
    var lines = good
    if c.defaultType != nil {
      // The knowledge base holds entities only.
      lines = [#"{"id":"acme","label":"ORG","name":"Acme Widgets"}"#, "", c.line]
    }
    builder.add(jsonl: lines.joined(separator: "\n"), file: c.file, tier: .workspace, defaultType: c.defaultType)
    let rules = builder.build()
    let errors = rules.errors.map(\.description)
    #expect(errors == [c.error])
    let mentions = Extractor(rules: rules).extract("Acme Widgets sent Zorblat to the HMS Spey.")
    let found = mentions.map { "\($0.label) \($0.text)" }
    let expected = c.defaultType == nil ? ["ORG Acme Widgets", "FAC HMS Spey"] : ["ORG Acme Widgets"]
    #expect(found == expected)
    let fromBadLine = mentions.filter { $0.rule.origin.line == 3 }
    #expect(fromBadLine.isEmpty)
  }

  /// Every key the README documents is accepted.
  @Test func everyDocumentedKeyIsAccepted() {
    var builder = RuleSetBuilder()
    builder.taggerWeights = nil
    builder.add(
      jsonl: """
        {"type":"entity","id":"acme","label":"ORG","name":"Acme Widgets","aliases":["Acme"],"description":"a client"}
        {"type":"gazetteer","id":"zorb","label":"ORG","name":"Zorb"}
        {"type":"country","id":"freedonia","name":"Freedonia","aliases":["Fredonia"],"demonyms":["Freedonian"],"capital":"Fredville","capitalAliases":["Fred City"],"ministries":{"defence":"Ministry of War"}}
        {"type":"list","name":"ship_prefixes","words":["HMS","USS"],"description":"navies"}
        {"type":"pattern","id":"ship","label":"FAC","layer":"core","stage":2,"minTokens":2,"trimEnd":0,"pattern":[{"list":"ship_prefixes","not_list":"ship_prefixes","lower":"hms","not_lower":"x","shape":"upper","ent":"ORG","space":true,"op":"?","peek":false},{"shape":"capitalized","op":"+"}]}
        {"type":"comment","text":"free"}
        """, file: "annotations/rules/all.jsonl", tier: .workspace)
    let errors = builder.build().errors.map(\.description)
    #expect(errors == [])
  }
}
