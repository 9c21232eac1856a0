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

  /// Plurals of group names are derived from the rules, not listed: a
  /// workspace's own people get theirs, irregular endings get none, and a
  /// plural that is another entity's name stays that entity.
  @Test func groupNamesGetTheirRegularPlurals() {
    var builder = RuleSetBuilder()
    RuleSet.builtInFiles(into: &builder)
    builder.add(
      jsonl: """
        {"type":"entity","id":"zorblian","label":"NORP","name":"Zorblian","aliases":["Zorbli","Zorblishman"]}
        {"type":"entity","id":"quarese","label":"NORP","name":"Quarese"}
        {"type":"entity","id":"velmi","label":"NORP","name":"Velmi"}
        {"type":"entity","id":"velmis","label":"GPE","name":"Velmis"}
        """, file: "annotations/rules/peoples.jsonl", tier: .workspace)
    let mentions = Extractor(rules: builder.build()).extract(
      "Zorblians, Zorblis and Zorblishmen met Quareses in Velmis.")
    #expect(mentions.map(\.text) == ["Zorblians", "Zorblis", "Zorblishmen", "Velmis"])
    #expect(mentions.map(\.entity) == ["zorblian", "zorblian", "zorblian", "velmis"])
  }

  /// Many optional parts make the matcher memoise its search (paths meet);
  /// the answer must be the one plain backtracking gives: the longest match,
  /// without a trailing `peek`.
  @Test func patternsWithManyOptionalPartsFindTheLongestMatch() {
    var builder = RuleSetBuilder()
    let optional = [
      #"{"lower":"of","op":"?"}"#, #"{"lower":"the","op":"?"}"#, #"{"shape":"capitalized","op":"*"}"#,
      #"{"lower":"and","op":"?"}"#, #"{"shape":"capitalized","op":"*"}"#, #"{"lower":",","op":"?"}"#,
      #"{"shape":"number","op":"?"}"#, #"{"lower":"of","op":"?"}"#, #"{"shape":"capitalized","op":"*"}"#,
      #"{"shape":"lower","op":"?","peek":true}"#,
    ]
    builder.add(
      jsonl: #"{"type":"pattern","id":"convoy","label":"EVENT","minTokens":2,"pattern":["#
        + ([#"{"lower":"convoy","shape":"title"}"#] + optional).joined(separator: ",") + "]}",
      file: "annotations/rules/convoys.jsonl", tier: .workspace)
    let extractor = Extractor(rules: builder.build())
    let long = extractor.extract("The Convoy of the Red Star and Blue Moon , 42 of Cairo sailed on.").map(\.text)
    #expect(long == ["Convoy of the Red Star and Blue Moon , 42 of Cairo"])
    let short = extractor.extract("A Convoy sailed.").map(\.text)
    #expect(short == [])  // under minTokens: the peeked word is not part of the match
    let middle = extractor.extract("The Convoy of Hope and Light sailed.").map(\.text)
    #expect(middle == ["Convoy of Hope and Light"])
  }
}
