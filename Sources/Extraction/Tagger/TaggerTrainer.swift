import Foundation

/// A document with gold spans, for training or measuring the tagger.
public struct TrainingDocument: Sendable {
  public struct Gold: Sendable, Equatable {
    public var start: Int
    public var end: Int
    public var label: EntityLabel
    public init(start: Int, end: Int, label: EntityLabel) {
      self.start = start
      self.end = end
      self.label = label
    }
  }
  public var name: String
  public var text: String
  /// Core-layer gold spans, Unicode scalar offsets.
  public var spans: [Gold]
  /// The labels this document's corpus annotates. Where gold says O, the
  /// model is not corrected for predicting a label outside this set: a
  /// corpus that does not annotate dates must not teach that dates are not
  /// entities.
  public var annotates: Set<EntityLabel>
  /// Where the gold is known (scalar ranges); nil: the whole document. A
  /// correction knows only its own span: the rest of its context is
  /// neither a name nor not one.
  public var known: [Range<Int>]?

  public init(
    name: String, text: String, spans: [Gold], annotates: Set<EntityLabel> = Set(EntityLabel.core),
    known: [Range<Int>]? = nil
  ) {
    self.name = name
    self.text = text
    self.spans = spans
    self.annotates = annotates
    self.known = known
  }

  /// A correction as a training document: its quote and context, gold only over the quote.
  public init(_ example: TaggerExample, name: String) {
    self.init(
      name: name, text: example.text,
      spans: example.label.map { [Gold(start: example.start, end: example.end, label: $0)] } ?? [],
      known: [example.start..<example.end])
  }
}

/// One correction as a training example: a stretch of text and the span in
/// it the analyst labelled (nil label: "not an entity"). Tokens outside the
/// span are unknown, not O.
public struct TaggerExample: Sendable, Equatable {
  public var text: String
  public var start: Int
  public var end: Int
  public var label: EntityLabel?
  public init(text: String, start: Int, end: Int, label: EntityLabel?) {
    self.text = text
    self.start = start
    self.end = end
    self.label = label
  }
}

/// Trains the averaged perceptron. Deterministic: documents are visited in
/// an order shuffled by a seeded generator (SplitMix64), the features hash
/// with fixed functions, and the arithmetic is the same on every run.
public struct TaggerTrainer {
  public var labels: [EntityLabel]
  public var bits: Int
  public var epochs: Int
  public var seed: UInt64
  /// The rules whose reading the features see (built-in rules, no tagger).
  public let rules: RuleSet

  public init(
    rules: RuleSet, labels: [EntityLabel] = [.PERSON, .NORP, .ORG, .GPE, .LOC, .EVENT], bits: Int = 18,
    epochs: Int = 8, seed: UInt64 = 1
  ) {
    var rules = rules
    rules.tagger = nil
    self.rules = rules
    self.labels = labels
    self.bits = bits
    self.epochs = epochs
    self.seed = seed
  }

  /// A document ready for training: its features' inputs and gold tags
  /// (-1 where a gold boundary falls inside a token).
  final class Prepared {
    let bytes: UnsafeMutableBufferPointer<UInt8>
    let document: TaggerDocument
    let gold: [Int]
    let annotates: [Bool]  // by tag-set label index

    init(_ doc: TrainingDocument, extractor: Extractor, tagSet: TagSet) {
      let utf8 = Array(doc.text.utf8)
      bytes = .allocate(capacity: max(1, utf8.count))
      _ = bytes.initialize(from: utf8)
      let view = UnsafeBufferPointer(rebasing: UnsafeBufferPointer(bytes)[0..<utf8.count])
      let tokens = extractor.tokenizer.tokenize(view)
      let reading = extractor.readByRules(tokens, view, names: Names(known: extractor.rules.entityList))
      document = TaggerDocument(
        tokens: tokens, bytes: view, kept: reading.kept, titles: reading.titles, lexicon: extractor.rules.lexicon)
      var gold = Self.goldTags(tokens, doc.spans, tagSet)
      if let known = doc.known {
        for (t, token) in tokens.enumerated()
        where !known.contains(where: { Int(token.start) >= $0.lowerBound && Int(token.end) <= $0.upperBound }) {
          gold[t] = -1
        }
      }
      self.gold = gold
      annotates = tagSet.labels.map { doc.annotates.contains($0) }
    }

    deinit { bytes.deallocate() }

    static func goldTags(_ tokens: [Token], _ spans: [TrainingDocument.Gold], _ tagSet: TagSet) -> [Int] {
      var gold = [Int](repeating: 0, count: tokens.count)
      var t = 0
      for span in spans.sorted(by: { $0.start < $1.start }) {
        while t < tokens.count && Int(tokens[t].end) <= span.start { t += 1 }
        var inside: [Int] = []
        var k = t
        while k < tokens.count && Int(tokens[k].start) < span.end {
          if Int(tokens[k].start) >= span.start && Int(tokens[k].end) <= span.end {
            inside.append(k)
          } else {
            gold[k] = -1  // a boundary inside a token: unknown
          }
          k += 1
        }
        guard let first = inside.first, let last = inside.last else { continue }
        if let index = tagSet.labels.firstIndex(of: span.label) {
          let tags = tagSet.tags(labelIndex: index, length: last - first + 1)
          for (offset, tag) in tags.enumerated() where gold[first + offset] >= 0 { gold[first + offset] = tag }
        }
      }
      return gold
    }
  }

  /// Trains on `documents` and returns the model file's bytes. `heldOut`
  /// only fits the confidence temperature and is reported on, per epoch.
  public func train(
    _ documents: [TrainingDocument], heldOut: [TrainingDocument] = [], provenance: String,
    log: (String) -> Void = { _ in }
  ) -> [UInt8] {
    let tagSet = TagSet(labels: labels)
    let extractor = Extractor(rules: rules)
    let train = documents.map { Prepared($0, extractor: extractor, tagSet: tagSet) }
    let held = heldOut.map { Prepared($0, extractor: extractor, tagSet: tagSet) }
    let tags = tagSet.count
    let features = TaggerFeatures(bits: bits)
    var weights = [Float](repeating: 0, count: tags << bits)
    // Σ (step × change) for the averaged weights: average = w − acc / steps.
    var accumulated = [Double](repeating: 0, count: tags << bits)
    var step: Double = 1
    var order = Array(train.indices)
    var random = SplitMix64(seed: seed)
    var buckets: [UInt32] = []
    var scores = [Float](repeating: 0, count: tags)

    for epoch in 1...max(1, epochs) {
      // Fisher–Yates with the seeded generator.
      for i in stride(from: order.count - 1, to: 0, by: -1) {
        order.swapAt(i, Int(random.next() % UInt64(i + 1)))
      }
      var mistakes = 0
      var scored = 0
      for d in order {
        let p = train[d]
        for i in p.gold.indices {
          let gold = p.gold[i]
          let p1 = i > 0 ? max(p.gold[i - 1], 0) : 0
          let p2 = i > 1 ? max(p.gold[i - 2], 0) : 0
          guard gold >= 0, tagSet.allowed(gold, after: p1) else { continue }
          if !tagSet.isOpen(p1) && TaggerFeatures.isPlainlyOutside(p.document, i) { continue }
          features.extract(p.document, i, previous: p1, beforeThat: p2, into: &buckets)
          Self.score(weights, buckets, tags, into: &scores)
          var predicted = -1
          for t in 0..<tags where tagSet.allowed(t, after: p1) && (predicted < 0 || scores[t] > scores[predicted]) {
            predicted = t
          }
          scored += 1
          step += 1
          // A label this corpus does not annotate, where gold says O: no lesson.
          if gold == 0 && predicted > 0 && !p.annotates[tagSet.labelIndex(of: predicted)] { continue }
          guard predicted != gold else { continue }
          mistakes += 1
          for b in buckets {
            let base = Int(b) * tags
            weights[base + gold] += 1
            accumulated[base + gold] += step
            weights[base + predicted] -= 1
            accumulated[base + predicted] -= step
          }
        }
      }
      var average = weights
      for k in average.indices { average[k] -= Float(accumulated[k] / step) }
      let note = held.isEmpty ? "" : String(format: ", held-out F1 %.1f", 100 * Self.f1(average, held, tagSet, bits))
      log("epoch \(epoch): \(mistakes) mistakes in \(scored) scored tokens\(note)")
      if epoch == max(1, epochs) { weights = average }
    }
    let temperature = held.isEmpty ? 1 : Self.fitTemperature(weights, held, tagSet, bits)
    log(String(format: "confidence temperature %.3f", temperature))
    return TaggerWeights.serialise(
      weights: weights, tagSet: tagSet, bits: bits, temperature: temperature, provenance: provenance)
  }

  /// The scores of one token's features under float weights.
  @inline(__always) static func score(_ weights: [Float], _ buckets: [UInt32], _ tags: Int, into scores: inout [Float])
  {
    for t in 0..<tags { scores[t] = 0 }
    for b in buckets {
      let base = Int(b) * tags
      for t in 0..<tags { scores[t] += weights[base + t] }
    }
  }

  /// Scores with float weights, the gold history, over the tokens the
  /// decoder would score.
  private static func forEachScored(
    _ weights: [Float], _ docs: [Prepared], _ tagSet: TagSet, _ bits: Int,
    _ body: (_ gold: Int, _ previous: Int, _ scores: [Float]) -> Void
  ) {
    let features = TaggerFeatures(bits: bits)
    let tags = tagSet.count
    var buckets: [UInt32] = []
    var scores = [Float](repeating: 0, count: tags)
    for p in docs {
      for i in p.gold.indices where p.gold[i] >= 0 {
        let p1 = i > 0 ? max(p.gold[i - 1], 0) : 0
        let p2 = i > 1 ? max(p.gold[i - 2], 0) : 0
        guard tagSet.allowed(p.gold[i], after: p1) else { continue }
        if !tagSet.isOpen(p1) && TaggerFeatures.isPlainlyOutside(p.document, i) { continue }
        features.extract(p.document, i, previous: p1, beforeThat: p2, into: &buckets)
        score(weights, buckets, tags, into: &scores)
        body(p.gold[i], p1, scores)
      }
    }
  }

  /// Token-level F1 over the names (a quick progress figure, not the
  /// span scores `gloss check` reports).
  static func f1(_ weights: [Float], _ docs: [Prepared], _ tagSet: TagSet, _ bits: Int) -> Double {
    var correct = 0
    var predictedNames = 0
    var goldNames = 0
    forEachScored(weights, docs, tagSet, bits) { gold, previous, scores in
      var best = -1
      for t in scores.indices where tagSet.allowed(t, after: previous) && (best < 0 || scores[t] > scores[best]) {
        best = t
      }
      if best > 0 { predictedNames += 1 }
      if gold > 0 { goldNames += 1 }
      if best > 0 && best == gold { correct += 1 }
    }
    guard predictedNames > 0, goldNames > 0, correct > 0 else { return 0 }
    let p = Double(correct) / Double(predictedNames)
    let r = Double(correct) / Double(goldNames)
    return 2 * p * r / (p + r)
  }

  /// The softmax temperature that best predicts the held-out gold tags
  /// (least negative log-likelihood, on a geometric grid).
  static func fitTemperature(_ weights: [Float], _ docs: [Prepared], _ tagSet: TagSet, _ bits: Int) -> Float {
    var samples: [(gold: Int, previous: Int, scores: [Float])] = []
    forEachScored(weights, docs, tagSet, bits) { samples.append(($0, $1, $2)) }
    guard !samples.isEmpty else { return 1 }
    var best: (Float, Double) = (1, .infinity)
    for k in 0..<60 {
      let temperature = Float(0.05 * pow(1.15, Double(k)))
      var loss = 0.0
      for s in samples {
        let top = s.scores.indices.filter { tagSet.allowed($0, after: s.previous) }.map { s.scores[$0] }.max()!
        var sum = 0.0
        for t in s.scores.indices where tagSet.allowed(t, after: s.previous) {
          sum += exp(Double((s.scores[t] - top) / temperature))
        }
        loss -= Double((s.scores[s.gold] - top) / temperature) - log(sum)
      }
      if loss < best.1 { best = (temperature, loss) }
    }
    return best.0
  }
}

/// SplitMix64: a small, fast, seeded generator with a fixed definition, so
/// training orders are the same everywhere.
struct SplitMix64 {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

extension RuleSet {
  /// The rule set with its tagger taught `examples` (the workspace's
  /// corrections, in log order): each is an online update, so the next
  /// similar name in any document is found. Replaying the same examples
  /// gives the same tagger.
  public func learning(from examples: [TaggerExample]) -> RuleSet {
    guard var tagger, !examples.isEmpty else { return self }
    var plain = self
    plain.tagger = nil
    let extractor = Extractor(rules: plain)
    for example in examples {
      var text = example.text
      text.withUTF8 { bytes in
        let tokens = extractor.tokenizer.tokenize(bytes)
        guard !tokens.isEmpty else { return }
        let reading = extractor.readByRules(tokens, bytes, names: Names(known: entityList))
        let input = TaggerDocument(
          tokens: tokens, bytes: bytes, kept: reading.kept, titles: reading.titles, lexicon: lexicon)
        var gold = [Int](repeating: -1, count: tokens.count)
        let inside = tokens.indices.filter {
          Int(tokens[$0].start) >= example.start && Int(tokens[$0].end) <= example.end
        }
        guard let first = inside.first, let last = inside.last else { return }
        if let label = example.label, let index = tagger.tagSet.labels.firstIndex(of: label) {
          for (offset, tag) in tagger.tagSet.tags(labelIndex: index, length: last - first + 1).enumerated() {
            gold[first + offset] = tag
          }
        } else {
          for t in first...last { gold[t] = 0 }
        }
        tagger.learn(input, gold: gold)
      }
    }
    var taught = self
    taught.tagger = tagger
    return taught
  }
}
