import Foundation

/// The statistical tagger: an averaged perceptron over hashed features,
/// decoded greedily left to right with BILOU constraints.
///
/// Why greedy: with the previous two tags as features a greedy decoder is
/// within a fraction of a point of Viterbi on named entities (Ratinov &
/// Roth 2009) and costs one scoring per token instead of one per tag pair;
/// most tokens are not scored at all (`TaggerFeatures.isPlainlyOutside`).
///
/// On top of the shipped weights sits an overlay of deltas learned online
/// from the workspace's corrections (`learn`): the shipped bytes are never
/// written, and replaying the correction log rebuilds the overlay exactly.
public struct Tagger: Sendable {
  public let weights: TaggerWeights
  /// Online deltas by bucket (one float per tag).
  private(set) var overlay: [UInt32: [Float]] = [:]
  /// One bit per bucket with a delta: decoding tests a bit, not a dictionary.
  private var touched: [UInt64] = []

  public init(weights: TaggerWeights) { self.weights = weights }

  public var tagSet: TagSet { weights.tagSet }
  var features: TaggerFeatures { TaggerFeatures(bits: weights.bits) }
  /// How many buckets online learning changed.
  public var learnedBuckets: Int { overlay.count }

  /// The rule that tagger mentions carry (hover: "model").
  public static let rule = RuleRef(
    id: "tagger", kind: .model, origin: RuleOrigin(file: "model", line: 0, tier: .builtIn))

  @inline(__always) func score(_ buckets: [UInt32], into scores: inout [Float]) {
    for t in scores.indices { scores[t] = 0 }
    scores.withUnsafeMutableBufferPointer { add(buckets, into: $0.baseAddress!) }
  }

  /// Adds the weights of `buckets` (shipped and learned) to `scores`.
  @inline(__always) func add(_ buckets: [UInt32], into scores: UnsafeMutablePointer<Float>) {
    weights.accumulate(buckets, into: scores)
    guard !overlay.isEmpty else { return }
    for b in buckets where touched[Int(b >> 6)] & (1 << UInt64(b & 63)) != 0 {
      if let delta = overlay[b] { for t in delta.indices { scores[t] += delta[t] } }
    }
  }

  /// Per token, the sum of its static features' weights, computed the first
  /// time a decode needs it: the fill and the extension decodes of one
  /// document share them. Only scored tokens get a row (most are not).
  final class StaticScores {
    let tags: Int
    /// Per token: its row in `sums`, or -1.
    var slot: [Int32]
    var sums: [Float] = []
    init(tokens: Int, tags: Int) {
      self.tags = tags
      slot = [Int32](repeating: -1, count: tokens)
    }
  }

  /// The best allowed tag after `previous` and, when it is not O, its
  /// softmax probability among the allowed tags (O's is never used: a
  /// span's confidence is that of its tokens).
  func best(_ scores: [Float], after previous: Int) -> (tag: Int, probability: Float) {
    let tagSet = self.tagSet
    var bestTag = -1
    var bestScore = -Float.infinity
    for t in scores.indices where tagSet.allowed(t, after: previous) && scores[t] > bestScore {
      bestTag = t
      bestScore = scores[t]
    }
    guard bestTag != 0 else { return (0, 1) }
    var sum: Float = 0
    let temperature = max(weights.temperature, 1e-3)
    for t in scores.indices where tagSet.allowed(t, after: previous) {
      sum += expf((scores[t] - bestScore) / temperature)
    }
    return (bestTag, 1 / sum)
  }

  /// Tags `range` of a document (all of it by default), starting as after
  /// O. `forced[i]` ≥ 0 fixes token `i`'s tag (what the rules found
  /// there); -1 leaves it to the model. Tags outside `range` are O.
  func decode(
    _ document: TaggerDocument, forced: [Int16], range: Range<Int>? = nil, cache: StaticScores? = nil
  ) -> (tags: [Int], confidence: [Float]) {
    let n = document.tokens.count
    let range = range ?? 0..<n
    let cache = cache ?? StaticScores(tokens: n, tags: tagSet.count)
    let tags = tagSet.count
    var out = [Int](repeating: 0, count: n)
    var confidence = [Float](repeating: 1, count: n)
    var buckets: [UInt32] = []
    buckets.reserveCapacity(TaggerFeatures.count)
    var scores = [Float](repeating: 0, count: tags)
    let features = self.features
    var p1 = 0
    var p2 = 0
    for i in range {
      var tag: Int
      if forced[i] >= 0 {
        tag = Int(forced[i])
        // A name the model left open before a rule's span ends there.
        if tagSet.isOpen(p1) && !tagSet.allowed(tag, after: p1) { out[i - 1] = closed(p1) }
      } else if !tagSet.isOpen(p1) && TaggerFeatures.isPlainlyOutside(document, i) {
        tag = 0
      } else {
        if cache.slot[i] < 0 {
          cache.slot[i] = Int32(cache.sums.count / tags)
          cache.sums.append(contentsOf: repeatElement(0, count: tags))
          buckets.removeAll(keepingCapacity: true)
          features.appendStatic(document, i, to: &buckets)
          let row = Int(cache.slot[i]) * tags
          cache.sums.withUnsafeMutableBufferPointer { add(buckets, into: $0.baseAddress! + row) }
        }
        let row = Int(cache.slot[i]) * tags
        for t in 0..<tags { scores[t] = cache.sums[row + t] }
        buckets.removeAll(keepingCapacity: true)
        features.appendDynamic(document, i, previous: p1, beforeThat: p2, to: &buckets)
        scores.withUnsafeMutableBufferPointer { add(buckets, into: $0.baseAddress!) }
        let (t, p) = best(scores, after: p1)
        tag = t
        confidence[i] = p
      }
      out[i] = tag
      p2 = p1
      p1 = tag
    }
    if let last = range.last, tagSet.isOpen(out[last]) { out[last] = closed(out[last]) }
    return (out, confidence)
  }

  /// B becomes U and I becomes L: the name ends here.
  func closed(_ tag: Int) -> Int {
    tagSet.position(of: tag) == .begin
      ? tagSet.tag(tagSet.labelIndex(of: tag), .unit) : tagSet.tag(tagSet.labelIndex(of: tag), .last)
  }

  /// One online update: for every token whose gold tag (`gold[i]` ≥ 0;
  /// < 0 is unknown, skipped) does not beat its strongest rival by the
  /// required margin, moves the weights of its word features
  /// (`appendLexical`: the name and its context words) so that its context
  /// words alone make up the shortfall (a passive-aggressive step sized
  /// on the context: the smallest change that makes a name in this
  /// context right). The margin is `margin` temperatures plus twice the
  /// gap by which the token was first wrong: a similar token that shares
  /// only half of these features (the context, not the name) then flips
  /// too. Repeats while a token falls short, at most `rounds` times;
  /// returns the rounds it took.
  @discardableResult
  mutating func learn(_ document: TaggerDocument, gold: [Int], margin: Float = 4, rounds: Int = 4) -> Int {
    if touched.isEmpty { touched = [UInt64](repeating: 0, count: max(1, (1 << weights.bits) >> 6)) }
    var buckets: [UInt32] = []
    var scores = [Float](repeating: 0, count: tagSet.count)
    let features = self.features
    let tagSet = self.tagSet
    let base = margin * max(weights.temperature, 1e-3)
    var required: [Int: Float] = [:]
    var lexical: [UInt32] = []
    for round in 0..<rounds {
      var mistakes = 0
      for i in gold.indices where gold[i] >= 0 {
        let p1 = i > 0 ? max(gold[i - 1], 0) : 0
        let p2 = i > 1 ? max(gold[i - 2], 0) : 0
        features.extract(document, i, previous: p1, beforeThat: p2, into: &buckets)
        score(buckets, into: &scores)
        // The strongest allowed rival of the gold tag.
        var rival = -1
        for t in scores.indices where t != gold[i] && tagSet.allowed(t, after: p1) {
          if rival < 0 || scores[t] > scores[rival] { rival = t }
        }
        guard rival >= 0 else { continue }
        let gap = scores[gold[i]] - scores[rival]
        let wanted = required[i] ?? (base + 2 * max(0, -gap))
        required[i] = wanted
        let shortfall = wanted - gap
        guard shortfall > 0 else { continue }
        mistakes += 1
        features.appendLexical(document, i, previous: p1, to: &lexical)
        // Sized so that the context features alone close the gap: a
        // different name in the same context gains as much as this one
        // needed; this name, with its own features too, gains more.
        let step = shortfall / Float(2 * TaggerFeatures.contextFeatures)
        for b in lexical {
          var delta = overlay[b] ?? [Float](repeating: 0, count: tagSet.count)
          delta[gold[i]] += step
          delta[rival] -= step
          overlay[b] = delta
          touched[Int(b >> 6)] |= 1 << UInt64(b & 63)
        }
      }
      if mistakes == 0 { return round }
    }
    return rounds
  }
}
