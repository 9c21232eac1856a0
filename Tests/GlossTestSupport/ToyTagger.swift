import Extraction

/// A small annotated corpus in one context family, and tagger weights
/// trained on it in a fraction of a second: people are introduced by
/// "said", organisations end in "Holdings", places follow "in". The names
/// are invented so that no list knows them, and no sentence has "chaired
/// by", so a lesson in that context is something the model did not know.
public enum ToyTagger {
  static let sentences: [(String, [(String, EntityLabel)])] = [
    ("Vardo Quist said the plan would work in Brelund.", [("Vardo Quist", .PERSON), ("Brelund", .GPE)]),
    ("Analysts at Tremont Holdings expect growth in Osmark.", [("Tremont Holdings", .ORG), ("Osmark", .GPE)]),
    ("Ilse Marrow said prices fell in Dunvik on Monday.", [("Ilse Marrow", .PERSON), ("Dunvik", .GPE)]),
    (
      "Shares of Pellam Holdings rose after Oskar Venn said so.",
      [("Pellam Holdings", .ORG), ("Oskar Venn", .PERSON)]
    ),
    ("Rain fell in Castavel as Nadia Corr said it would.", [("Castavel", .GPE), ("Nadia Corr", .PERSON)]),
    ("Brumwell Holdings said exports to Vesterly grew.", [("Brumwell Holdings", .ORG), ("Vesterly", .GPE)]),
  ]

  /// The first occurrence of `name` in `text`, as a gold span.
  static func gold(_ text: String, _ name: String, _ label: EntityLabel) -> TrainingDocument.Gold {
    let scalars = Array(text.unicodeScalars)
    let needle = Array(name.unicodeScalars)
    let start = (0...(scalars.count - needle.count)).first { Array(scalars[$0..<$0 + needle.count]) == needle }!
    return .init(start: start, end: start + needle.count, label: label)
  }

  public static let corpus: [TrainingDocument] = sentences.enumerated().map { index, sentence in
    TrainingDocument(
      name: "doc\(index).txt", text: sentence.0, spans: sentence.1.map { gold(sentence.0, $0.0, $0.1) })
  }

  /// The model file's bytes, trained on `corpus` with the built-in rules' features.
  public static func train(seed: UInt64 = 7, epochs: Int = 6) -> [UInt8] {
    var rules = RuleSetBuilder()
    RuleSet.builtInFiles(into: &rules)
    rules.taggerWeights = nil
    let trainer = TaggerTrainer(rules: rules.build(), bits: 14, epochs: epochs, seed: seed)
    return trainer.train(corpus, heldOut: Array(corpus.prefix(2)), provenance: "test corpus")
  }
}
