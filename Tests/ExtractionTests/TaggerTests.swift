import Extraction
import Foundation
import GlossTestSupport
import Testing

private func train(seed: UInt64 = 7, epochs: Int = 6) -> [UInt8] { ToyTagger.train(seed: seed, epochs: epochs) }

/// The built-in rules with the given weights as their tagger.
private func extractor(_ weights: TaggerWeights, sources: Extractor.Sources = .all) -> Extractor {
  var builder = RuleSetBuilder()
  RuleSet.builtInFiles(into: &builder)
  builder.taggerWeights = weights
  var extractor = Extractor(rules: builder.build())
  extractor.sources = sources
  return extractor
}

@Suite struct TaggerTests {
  @Test func trainingIsDeterministic() throws {
    let first = train()
    let second = train()
    #expect(first == second)
    // Another seed visits the documents in another order: other weights.
    #expect(train(seed: 8) != first)
  }

  @Test func weightsRoundTripThroughTheFileFormat() throws {
    let weights = try TaggerWeights.load(train())
    #expect(weights.tagSet.labels == [.PERSON, .NORP, .ORG, .GPE, .LOC, .EVENT])
    #expect(weights.bits == 14)
    #expect(weights.provenance.contains("test corpus"))
    #expect(weights.temperature > 0)
    #expect(throws: TaggerWeights.LoadError.notAModel) {
      try TaggerWeights.load(Array("not a model".utf8) + [UInt8](repeating: 0, count: 64))
    }
    #expect(throws: TaggerWeights.LoadError.truncated) { try TaggerWeights.load(Array(train().prefix(200))) }
  }

  @Test func tagSetReadsBILOUAndClosesBrokenNames() {
    let tags = TagSet(labels: [.PERSON, .ORG])
    let person = { (p: TagSet.Position) in tags.tag(0, p) }
    let org = { (p: TagSet.Position) in tags.tag(1, p) }
    // O B I L U O B(cut short) O
    let sequence = [0, person(.begin), person(.inside), person(.last), org(.unit), 0, org(.begin), 0]
    let spans = tags.spans(sequence).map { "\($0.first)-\($0.end):\($0.labelIndex)" }
    #expect(spans == ["1-4:0", "4-5:1", "6-7:1"])
    #expect(tags.allowed(person(.inside), after: person(.begin)))
    #expect(!tags.allowed(org(.inside), after: person(.begin)))
    #expect(!tags.allowed(0, after: person(.inside)))
    #expect(tags.allowed(person(.unit), after: org(.last)))
  }

  @Test func unseenNamesAreFoundFromTheirContext() throws {
    let weights = try TaggerWeights.load(train())
    let text = "Marten Holloway said the talks in Qarvia went well."
    let found = extractor(weights).extract(text).filter { $0.layer == .core }
    let person = found.first { $0.text == "Marten Holloway" }
    #expect(person?.label == .PERSON)
    #expect(person?.rule.id == "tagger")
    #expect((person?.confidence ?? 0) > 0 && (person?.confidence ?? 2) <= 1)
    #expect(person?.entity == "marten-holloway")
    #expect(found.contains { $0.text == "Qarvia" && $0.label == .GPE })
  }

  @Test func theTaggerFillsGapsAndNeverOverridesARule() throws {
    let weights = try TaggerWeights.load(train())
    let text = "Marten Holloway said prices rose in Germany."
    let combined = extractor(weights).extract(text)
    // Germany is the gazetteer's, with its id; the person is the tagger's.
    let germany = combined.first { $0.text == "Germany" }
    #expect(germany?.rule.id == "country:germany")
    #expect(germany?.confidence == nil)
    #expect(combined.contains { $0.text == "Marten Holloway" && $0.rule.id == "tagger" })
    // The rules alone do not find the person.
    let rules = extractor(weights, sources: .rules).extract(text)
    #expect(!rules.contains { $0.text.contains("Holloway") })
  }

  @Test func aSurnameAfterATaggerPersonIsTheSamePerson() throws {
    let weights = try TaggerWeights.load(train())
    let found = extractor(weights).extract("Marten Holloway said the plan would work. Holloway said so twice.")
    let ids = found.filter { $0.label == .PERSON }.map(\.entity)
    #expect(ids == ["marten-holloway", "marten-holloway"])
  }

  @Test func aHighThresholdHidesTheTaggersGuesses() throws {
    let weights = try TaggerWeights.load(train())
    var strict = extractor(weights)
    strict.minimumConfidence = 1.01
    let text = "Marten Holloway said the talks in Qarvia went well."
    #expect(!strict.extract(text).contains { $0.rule.id == "tagger" })
    #expect(extractor(weights).extract(text).contains { $0.rule.id == "tagger" })
  }

  @Test func aCorrectionTeachesTheTaggerAContextAtOnce() throws {
    // Trained without any "chaired by" context: a name there is not found.
    let weights = try TaggerWeights.load(train())
    let rules = extractor(weights).rules
    let unseen = "The inquiry was chaired by Tovald Ruskin, officials confirmed."
    let before = Extractor(rules: rules).extract(unseen)
    #expect(!before.contains { $0.text == "Tovald Ruskin" && $0.label == .PERSON })
    // One correction on another name in that context.
    let lesson = "The review was chaired by Bertil Ansgar, officials confirmed."
    let start = 26
    let taught = rules.learning(from: [TaggerExample(text: lesson, start: start, end: start + 13, label: .PERSON)])
    let after = Extractor(rules: taught).extract(unseen)
    #expect(after.contains { $0.text == "Tovald Ruskin" && $0.label == .PERSON })
    // Replaying the same lessons gives the same tagger.
    let again = rules.learning(from: [TaggerExample(text: lesson, start: start, end: start + 13, label: .PERSON)])
    #expect(Extractor(rules: again).extract(unseen) == after)
  }

  @Test func aRejectionTeachesTheTaggerToLeaveAReadingAlone() throws {
    let weights = try TaggerWeights.load(train())
    let rules = extractor(weights).rules
    let text = "Marten Holloway said the talks in Qarvia went well."
    #expect(Extractor(rules: rules).extract(text).contains { $0.text == "Qarvia" })
    let taught = rules.learning(from: [TaggerExample(text: text, start: 34, end: 40, label: nil)])
    #expect(!Extractor(rules: taught).extract(text).contains { $0.text == "Qarvia" })
  }

  @Test func theShippedWeightsLoadAndFindANameNoRuleKnows() throws {
    let shipped = try #require(TaggerWeights.shipped)
    #expect(shipped.tagSet.labels.contains(.PERSON))
    let text = "Katja Seizinger won the downhill, Takuya Takagi said on Sunday."
    let found = Extractor(rules: .builtIn).extract(text)
    #expect(found.contains { $0.text == "Takuya Takagi" && $0.label == .PERSON })
  }
}

@Suite struct TaggerExtension {
  /// Off by default, the extension lets the tagger's longer name around a
  /// rule's span replace it (the shipped weights).
  @Test func aLongerNameAroundARuleSpanReplacesItOnlyWhenAsked() throws {
    _ = try #require(TaggerWeights.shipped)
    let text = "The Gulf of Mexico is warm this year."
    var extending = Extractor(rules: .builtIn)
    extending.extensionConfidence = Extractor.extendingConfidence
    let extended = extending.extract(text).filter { $0.layer == .core }.map { "\($0.label) \($0.text)" }
    #expect(extended.contains("LOC Gulf of Mexico"))
    let filled = Extractor(rules: .builtIn).extract(text).filter { $0.layer == .core }.map { "\($0.label) \($0.text)" }
    #expect(filled.contains("GPE Mexico"))
  }
}
