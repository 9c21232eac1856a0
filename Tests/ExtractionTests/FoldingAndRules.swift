import Extraction
import Testing

@Suite struct FoldingKeys {
  @Test func diacriticsAndDStrokeFold() {
    #expect(Folding.key("Nguyễn Chí Vịnh") == "nguyen chi vinh")
    #expect(Folding.key("Đà Nẵng") == "da nang")
    // Old and new tone placement: hoà / hòa.
    #expect(Folding.key("hoà") == Folding.key("hòa"))
    // Decomposed input folds like composed input.
    #expect(Folding.key("Vie\u{0323}\u{0302}t") == Folding.key("Việt"))
  }

  @Test func slugsFollowTheGuidelines() {
    #expect(Folding.slug("UN Children's Fund") == "un-children-s-fund")
    #expect(Folding.slug("  Việt Nam  ") == "viet-nam")
    #expect(Folding.slug("Vietnam-US Joint Vision Statement") == "vietnam-us-joint-vision-statement")
  }
}

@Suite struct RulesAsData {
  @Test func builtInRulesLoadWithoutErrors() {
    #expect(RuleSet.builtIn.errors.isEmpty, "\(RuleSet.builtIn.errors)")
    #expect(RuleSet.builtIn.entities["vietnam"]?.label == .GPE)
    #expect(RuleSet.builtIn.entities.count > 300)
  }

  @Test func badLinesNameFileLineAndFieldAndTheRestLoads() {
    var builder = RuleSetBuilder()
    RuleSet.builtInFiles(into: &builder)
    builder.add(
      jsonl: """
        {"type":"entity","label":"ORG","name":"Acme Widgets"}
        {"type":"entity","label":"BOGUS","name":"X"}
        not json
        {"type":"pattern","id":"p","label":"ORG","pattern":[{"shape":"weird"}]}
        {"type":"entity","label":"ORG"}
        """, file: "annotations/rules/mine.jsonl", tier: .workspace)
    let rules = builder.build()
    let errors = rules.errors
    #expect(errors.map(\.line) == [2, 3, 4, 5])
    #expect(errors[0].field == "label")
    #expect(errors[2].field == "pattern[0].shape")
    #expect(errors[3].field == "name")
    #expect(errors.allSatisfy { $0.file == "annotations/rules/mine.jsonl" })
    let mentions = Extractor(rules: rules).extract("Acme Widgets hired staff in Hanoi.")
    #expect(mentions.map(\.text) == ["Acme Widgets", "Hanoi"])
    #expect(mentions[0].rule.origin.tier == .workspace)
  }

  @Test func workspaceEntryOverridesABuiltInOne() {
    var builder = RuleSetBuilder()
    RuleSet.builtInFiles(into: &builder)
    builder.add(
      jsonl: #"{"type":"entity","id":"georgia-us-state","label":"GPE","name":"Georgia","description":"US state"}"#,
      file: "annotations/rules/local.jsonl", tier: .workspace)
    let mention = Extractor(rules: builder.build()).extract("Voters in Georgia.").first
    #expect(mention?.entity == "georgia-us-state")
  }

  @Test func workspacePatternsExtendTheBuiltIns() {
    var builder = RuleSetBuilder()
    RuleSet.builtInFiles(into: &builder)
    builder.add(
      jsonl:
        #"{"type":"pattern","id":"ship","label":"FAC","pattern":[{"lower":"hms"},{"shape":"capitalized","op":"+"}]}"#,
      file: "annotations/rules/ships.jsonl", tier: .workspace)
    let mention = Extractor(rules: builder.build()).extract("The HMS Spey docked.").first
    #expect(mention?.text == "HMS Spey")
    #expect(mention?.rule.id == "ship")
  }
}
