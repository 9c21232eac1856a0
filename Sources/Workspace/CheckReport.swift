import Extraction
import JSON
import Store

/// What `gloss check` found: store problems, scores and the worst errors.
public struct CheckReport: Sendable {
  public var problems: [StoreProblem]
  public var evaluation: Evaluation
  /// Scores with analyst corrections applied, when the store holds any.
  public var withCorrections: Evaluation?
  public var goldCount: Int
  public var goldFolder: String
  /// What `evaluation` drew on, for its table's title.
  public var sourcesTitle = "rules"
  /// The core layer scored from other sources, side by side: the rules
  /// alone and the tagger alone (JSON key, title, scores).
  public var alternatives: [(key: String, title: String, core: LayerScore)] = []
  /// The rule files' tests: how many ran and how many expectations failed
  /// (each failure is also among `problems`).
  public var ruleTests: (run: Int, failed: Int) = (0, 0)

  public init(
    problems: [StoreProblem], evaluation: Evaluation, withCorrections: Evaluation? = nil, goldCount: Int,
    goldFolder: String
  ) {
    self.problems = problems
    self.evaluation = evaluation
    self.withCorrections = withCorrections
    self.goldCount = goldCount
    self.goldFolder = goldFolder
  }

  public var hasErrors: Bool { problems.contains { $0.severity == .error } }

  /// Whether there was anything to score: with no gold span, every score
  /// would read a perfect 100 for nothing.
  public var isScored: Bool { goldCount > 0 }

  /// Errors grouped by kind, text and labels, most frequent first.
  public func worstErrors(limit: Int = 15) -> [(error: ScoredError, count: Int)] {
    var groups: [String: (ScoredError, Int)] = [:]
    var order: [String] = []
    for e in evaluation.errors {
      let key = "\(e.kind.rawValue)|\(e.text)|\(e.goldLabel ?? "")|\(e.predictedLabel ?? "")"
      if let existing = groups[key] {
        groups[key] = (existing.0, existing.1 + 1)
      } else {
        groups[key] = (e, 1)
        order.append(key)
      }
    }
    return order.map { groups[$0]! }.sorted { $0.1 > $1.1 }.prefix(limit).map { ($0.0, $0.1) }
  }

  static func percent(_ x: Double) -> String {
    let scaled = (x * 1000).rounded() / 10
    return String(scaled).padded(to: 5)
  }

  static func table(_ layer: LayerScore, title: String) -> String {
    var out = "\(title)\n"
    out += "  label    gold  pred   strict P   R     F1      partial P   R     F1\n"
    for label in layer.strict.keys.sorted() {
      let s = layer.strict[label]!
      let p = layer.partial[label]!
      out +=
        "  " + label.padded(to: 7) + String(s.gold).leftPadded(to: 6) + String(s.predicted).leftPadded(to: 6)
        + "   " + percent(s.precision) + " " + percent(s.recall) + " " + percent(s.f1)
        + "   " + "        " + percent(p.precision) + " " + percent(p.recall) + " " + percent(p.f1) + "\n"
    }
    let s = layer.strictMicro
    let p = layer.partialMicro
    out +=
      "  " + "micro".padded(to: 7) + String(s.gold).leftPadded(to: 6) + String(s.predicted).leftPadded(to: 6)
      + "   " + percent(s.precision) + " " + percent(s.recall) + " " + percent(s.f1)
      + "   " + "        " + percent(p.precision) + " " + percent(p.recall) + " " + percent(p.f1) + "\n"
    return out
  }

  public func text() -> String {
    var out = ""
    if !problems.isEmpty {
      out += "store: \(problems.count) problem\(problems.count == 1 ? "" : "s")\n"
      for p in problems { out += "  \(p.severity.rawValue): \(p)\n" }
    } else {
      out += "store: valid\n"
    }
    if ruleTests.run > 0 {
      out +=
        "rule tests: \(ruleTests.run) run, "
        + (ruleTests.failed == 0
          ? "all passed" : "\(ruleTests.failed) expectation\(ruleTests.failed == 1 ? "" : "s") failed")
        + "\n"
    }
    guard isScored else {
      out +=
        "\nnothing scored: no gold spans in \(goldFolder) for the \(evaluation.documents) document\(evaluation.documents == 1 ? "" : "s") checked\n"
      return out
    }
    out +=
      "\nscored \(evaluation.documents) document\(evaluation.documents == 1 ? "" : "s") against \(goldFolder) (\(goldCount) gold spans); scores in percent\n\n"
    out += Self.table(evaluation.core, title: "core layer (\(sourcesTitle))")
    for alternative in alternatives {
      out += "\n" + Self.table(alternative.core, title: "core layer (\(alternative.title))")
    }
    if let corrected = withCorrections {
      out += "\n" + Self.table(corrected.core, title: "core layer (rules + corrections)")
    }
    out += "\n" + Self.table(evaluation.title, title: "title layer")
    out +=
      "\nentity linking (B-cubed over correctly found mentions): P \(Self.percent(evaluation.linkingPrecision)) R \(Self.percent(evaluation.linkingRecall)) F1 \(Self.percent(evaluation.linkingF1))\n"
    let worst = worstErrors()
    if !worst.isEmpty {
      out += "\nworst errors (core layer)\n"
      for (e, count) in worst {
        var line = "  " + e.kind.rawValue.padded(to: 15) + "\(e.doc):\(e.line)".padded(to: 36)
        line += "\"\(e.text.replacingNewlines)\""
        switch e.kind {
        case .missed: line += " \(e.goldLabel ?? "")"
        case .spurious: line += " as \(e.predictedLabel ?? "")"
        case .wrongLabel, .wrongBoundary:
          line += " as \(e.predictedLabel ?? ""), gold \"\(e.goldText ?? "")\" \(e.goldLabel ?? "")"
        }
        if let rule = e.rule { line += "  [\(rule)]" }
        if count > 1 { line += "  ×\(count)" }
        out += line + "\n"
      }
    }
    return out
  }

  static func json(_ layer: LayerScore) -> JSONValue {
    func counts(_ c: Counts) -> JSONValue {
      [
        "gold": .int(Int64(c.gold)), "predicted": .int(Int64(c.predicted)), "correct": .double(c.correct),
        "precision": .double(c.precision), "recall": .double(c.recall), "f1": .double(c.f1),
      ]
    }
    var strict = JSONObject()
    var partial = JSONObject()
    for label in layer.strict.keys.sorted() {
      strict[label] = counts(layer.strict[label]!)
      partial[label] = counts(layer.partial[label]!)
    }
    return [
      "strict": ["labels": .object(strict), "micro": counts(layer.strictMicro)],
      "partial": ["labels": .object(partial), "micro": counts(layer.partialMicro)],
    ]
  }

  public func json() -> JSONValue {
    var object: JSONObject = [
      "valid": .bool(!hasErrors),
      "problems": .array(
        problems.map {
          var p: JSONObject = [
            "file": .string($0.file), "severity": .string($0.severity.rawValue), "message": .string($0.message),
          ]
          if let line = $0.line { p["line"] = .int(Int64(line)) }
          return .object(p)
        }),
      "documents": .int(Int64(evaluation.documents)),
      "goldSpans": .int(Int64(goldCount)),
      "scored": .bool(isScored),
      "ruleTests": ["run": .int(Int64(ruleTests.run)), "failed": .int(Int64(ruleTests.failed))],
    ]
    // No gold: no scores (they would all read 1 for nothing).
    guard isScored else { return .object(object) }
    object["core"] = Self.json(evaluation.core)
    object["title"] = Self.json(evaluation.title)
    object["linking"] = [
      "precision": .double(evaluation.linkingPrecision), "recall": .double(evaluation.linkingRecall),
      "f1": .double(evaluation.linkingF1),
    ]
    if let corrected = withCorrections { object["coreWithCorrections"] = Self.json(corrected.core) }
    for alternative in alternatives { object[alternative.key] = Self.json(alternative.core) }
    object["errors"] = .array(
      worstErrors(limit: 50).map { (e, count) in
        var o: JSONObject = [
          "kind": .string(e.kind.rawValue), "doc": .string(e.doc), "line": .int(Int64(e.line)), "text": .string(e.text),
          "count": .int(Int64(count)),
        ]
        if let g = e.goldLabel { o["goldLabel"] = .string(g) }
        if let p = e.predictedLabel { o["predictedLabel"] = .string(p) }
        if let t = e.goldText { o["goldText"] = .string(t) }
        if let r = e.rule { o["rule"] = .string(r) }
        return .object(o)
      })
    return .object(object)
  }
}

extension String {
  func leftPadded(to width: Int) -> String {
    let count = unicodeScalars.count
    return count >= width ? self : String(repeating: " ", count: width - count) + self
  }
}
