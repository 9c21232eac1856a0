import Extraction
import Store

/// Precision, recall and F1 from counts; `correct` may be fractional (partial scoring).
public struct Counts: Sendable, Equatable {
  public var correct: Double = 0
  public var predicted = 0
  public var gold = 0

  public var precision: Double { predicted == 0 ? (gold == 0 ? 1 : 0) : correct / Double(predicted) }
  public var recall: Double { gold == 0 ? (predicted == 0 ? 1 : 0) : correct / Double(gold) }
  public var f1: Double {
    let p = precision
    let r = recall
    return p + r == 0 ? 0 : 2 * p * r / (p + r)
  }

  static func + (a: Counts, b: Counts) -> Counts {
    Counts(correct: a.correct + b.correct, predicted: a.predicted + b.predicted, gold: a.gold + b.gold)
  }
}

/// A mismatch between extraction and gold, for the error list.
public struct ScoredError: Sendable, Equatable {
  public enum Kind: String, Sendable {
    case missed, spurious, wrongLabel = "wrong label", wrongBoundary = "wrong boundary"
  }
  public var kind: Kind
  public var doc: String
  public var line: Int
  public var text: String
  /// The gold label (nil for spurious) and the predicted one (nil for missed).
  public var goldLabel: String?
  public var predictedLabel: String?
  public var goldText: String?
  public var rule: String?
}

/// Scores of one layer: strict (CoNLL: same boundaries and label) and partial
/// (SemEval-2013: an overlap with the same label counts half; one-to-one).
public struct LayerScore: Sendable {
  public var strict: [String: Counts] = [:]
  public var partial: [String: Counts] = [:]
  public var strictMicro: Counts { strict.values.reduce(Counts(), +) }
  public var partialMicro: Counts { partial.values.reduce(Counts(), +) }
}

public struct Evaluation: Sendable {
  public var core = LayerScore()
  public var title = LayerScore()
  /// B-cubed over core mentions found with the right boundaries and label.
  public var linking = Counts()
  public var linkingPrecision: Double = 0
  public var linkingRecall: Double = 0
  public var errors: [ScoredError] = []
  public var documents = 0

  public var linkingF1: Double {
    linkingPrecision + linkingRecall == 0
      ? 0 : 2 * linkingPrecision * linkingRecall / (linkingPrecision + linkingRecall)
  }
}

public enum Scorer {
  struct Item {
    var start: Int
    var end: Int
    var label: String
    var text: String
    var entity: String?
    var rule: String?
  }

  /// Scores the documents' mentions against gold spans of the same documents.
  /// Documents with no gold span are not scored.
  public static func evaluate(_ documents: [DocumentResult], gold: [SpanRecord]) -> Evaluation {
    var evaluation = Evaluation()
    let goldByDoc = Dictionary(grouping: gold, by: \.doc)
    var linkPairs: [(gold: String, predicted: String)] = []
    for document in documents {
      guard let goldSpans = goldByDoc[document.path] else { continue }
      evaluation.documents += 1
      for isTitle in [false, true] {
        let g = goldSpans.filter { $0.isTitle == isTitle }.map {
          Item(start: $0.start, end: $0.end, label: $0.label, text: $0.text, entity: $0.entity, rule: nil)
        }
        let p = document.mentions.filter { ($0.layer == .title) == isTitle }.map {
          Item(
            start: $0.start, end: $0.end, label: $0.label.rawValue, text: $0.text, entity: $0.entity, rule: $0.rule.id)
        }
        var layer = isTitle ? evaluation.title : evaluation.core
        score(gold: g, predicted: p, into: &layer)
        if isTitle {
          evaluation.title = layer
        } else {
          evaluation.core = layer
          evaluation.errors += errors(gold: g, predicted: p, document)
          // Linking pairs: strictly correct, linked mentions.
          let predictedByKey = Dictionary(
            p.map { ("\($0.start):\($0.end):\($0.label)", $0) }, uniquingKeysWith: { a, _ in a })
          for item in g {
            guard let goldEntity = item.entity, let found = predictedByKey["\(item.start):\(item.end):\(item.label)"],
              let predictedEntity = found.entity
            else { continue }
            linkPairs.append((goldEntity, predictedEntity))
          }
        }
      }
    }
    (evaluation.linkingPrecision, evaluation.linkingRecall) = bCubed(linkPairs)
    return evaluation
  }

  static func score(gold: [Item], predicted: [Item], into layer: inout LayerScore) {
    for item in gold {
      layer.strict[item.label, default: Counts()].gold += 1
      layer.partial[item.label, default: Counts()].gold += 1
    }
    for item in predicted {
      layer.strict[item.label, default: Counts()].predicted += 1
      layer.partial[item.label, default: Counts()].predicted += 1
    }
    let goldKeys = Set(gold.map { "\($0.start):\($0.end):\($0.label)" })
    var exact = Set<String>()
    for item in predicted where goldKeys.contains("\(item.start):\(item.end):\(item.label)") {
      let key = "\(item.start):\(item.end):\(item.label)"
      guard exact.insert(key).inserted else { continue }
      layer.strict[item.label, default: Counts()].correct += 1
      layer.partial[item.label, default: Counts()].correct += 1
    }
    // Partial: remaining overlaps with the same label, one-to-one, half each.
    var usedGold = Set<Int>()
    for (gi, g) in gold.enumerated() where exact.contains("\(g.start):\(g.end):\(g.label)") { usedGold.insert(gi) }
    for p in predicted where !exact.contains("\(p.start):\(p.end):\(p.label)") {
      if let gi = gold.indices.first(where: {
        !usedGold.contains($0) && gold[$0].label == p.label && gold[$0].start < p.end && p.start < gold[$0].end
      }) {
        usedGold.insert(gi)
        layer.partial[p.label, default: Counts()].correct += 0.5
      }
    }
  }

  static func errors(gold: [Item], predicted: [Item], _ document: DocumentResult) -> [ScoredError] {
    var out: [ScoredError] = []
    let exactKeys = Set(gold.map { "\($0.start):\($0.end):\($0.label)" })
    let predictedKeys = Set(predicted.map { "\($0.start):\($0.end):\($0.label)" })
    for p in predicted where !exactKeys.contains("\(p.start):\(p.end):\(p.label)") {
      let overlapping = gold.filter { $0.start < p.end && p.start < $0.end }
      let line = document.line(of: p.start)
      if let g = overlapping.first {
        let sameBounds = g.start == p.start && g.end == p.end
        let kind: ScoredError.Kind = sameBounds ? .wrongLabel : (g.label == p.label ? .wrongBoundary : .wrongLabel)
        out.append(
          ScoredError(
            kind: kind, doc: document.path, line: line, text: p.text, goldLabel: g.label, predictedLabel: p.label,
            goldText: g.text, rule: p.rule))
      } else {
        out.append(
          ScoredError(
            kind: .spurious, doc: document.path, line: line, text: p.text, goldLabel: nil, predictedLabel: p.label,
            goldText: nil, rule: p.rule))
      }
    }
    for g in gold where !predictedKeys.contains("\(g.start):\(g.end):\(g.label)") {
      if predicted.contains(where: { $0.start < g.end && g.start < $0.end }) { continue }
      out.append(
        ScoredError(
          kind: .missed, doc: document.path, line: document.line(of: g.start), text: g.text, goldLabel: g.label,
          predictedLabel: nil, goldText: g.text, rule: nil))
    }
    return out
  }

  /// B-cubed precision and recall of predicted clusters against gold clusters.
  static func bCubed(_ pairs: [(gold: String, predicted: String)]) -> (Double, Double) {
    guard !pairs.isEmpty else { return (0, 0) }
    var goldSize: [String: Int] = [:]
    var predictedSize: [String: Int] = [:]
    var both: [String: Int] = [:]
    for (g, p) in pairs {
      goldSize[g, default: 0] += 1
      predictedSize[p, default: 0] += 1
      both["\(g)\u{0}\(p)", default: 0] += 1
    }
    var precision = 0.0
    var recall = 0.0
    for (g, p) in pairs {
      let shared = Double(both["\(g)\u{0}\(p)"]!)
      precision += shared / Double(predictedSize[p]!)
      recall += shared / Double(goldSize[g]!)
    }
    return (precision / Double(pairs.count), recall / Double(pairs.count))
  }
}
