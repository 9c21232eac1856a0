import Extraction
import Testing

/// Every mention says what kind of rule made it, set where the rule was
/// built (nothing parses the display id).
@Suite struct RuleProvenance {
  private func kinds(_ text: String, workspace: String = "") -> [String: RuleRef.Kind] {
    var builder = RuleSetBuilder()
    RuleSet.builtInFiles(into: &builder)
    builder.add(jsonl: workspace, file: "annotations/rules/w.jsonl", tier: .workspace)
    let mentions = Extractor(rules: builder.build()).extract(text)
    return Dictionary(mentions.map { ($0.text, $0.rule.kind) }, uniquingKeysWith: { a, _ in a })
  }

  @Test func eachFamilyOfRulesHasItsKind() {
    let text =
      "Vietnamese Defence Minister Ngo Xuan Lich met ASEAN envoys in Hanoi on November 20, 2019 with Acme Widgets near the HMS Spey. Marten Holloway said so."
    let found = kinds(
      text,
      workspace: """
        {"type":"entity","id":"acme","label":"ORG","name":"Acme Widgets"}
        {"type":"pattern","id":"ship","label":"FAC","pattern":[{"lower":"hms"},{"shape":"capitalized","op":"+"}]}
        """)
    let expected: [String: RuleRef.Kind] = [
      "Vietnamese": .country("vietnam"),
      "Hanoi": .capital("hanoi"),
      "ASEAN": .knowledgeBase(entity: "asean"),
      "Acme Widgets": .knowledgeBase(entity: "acme"),
      "HMS Spey": .pattern,
      "Ngo Xuan Lich": .code,
      "November 20, 2019": .code,
      "Marten Holloway": .model,
    ]
    for (text, kind) in expected {
      let actual = found[text]
      #expect(actual == kind, "\(text)")
    }
  }

  @Test func onlyNamesKnownByNameNameAnEntity() {
    let knows: [RuleRef.Kind] = [
      .knowledgeBase(entity: "asean"), .country("vietnam"), .capital("hanoi"), .correction("c1"),
    ]
    let doesNot: [RuleRef.Kind] = [.pattern, .code, .model]
    let named = knows.map { $0.namesAnEntity } + doesNot.map { $0.namesAnEntity }
    #expect(named == [true, true, true, true, false, false, false])
  }

  @Test func theTaggersRuleIsTheModel() {
    let kind = Tagger.rule.kind
    #expect(kind == .model)
    let id = Tagger.rule.id
    #expect(id == "tagger")
  }
}
