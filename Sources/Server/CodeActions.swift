import Extraction
import JSON
import Protocol
import Store
import Workspace

/// Code actions: each carries a `gloss.*` command the server executes.
extension LanguageServer {
  func codeActions(_ params: CodeActionParams) throws -> JSONValue {
    let uri = params.textDocument.uri
    let (key, start) = try offset(uri, params.range.start)
    let (_, end) = try offset(uri, params.range.end)
    guard root != nil, key != uri else { return [] }  // corrections only inside the workspace
    let rangeJSON = params.range.json
    var actions: [JSONValue] = []
    func action(_ title: String, _ command: GlossCommand, _ extra: JSONObject = [:], kind: String = "quickfix") {
      var args: JSONObject = ["uri": .string(uri), "range": rangeJSON]
      for entry in extra { args[entry.key] = entry.value }
      actions.append(
        [
          "title": .string(title), "kind": .string(kind),
          "command": ["title": .string(title), "command": .string(command.rawValue), "arguments": [.object(args)]],
        ])
    }
    func undo(_ record: CorrectionRecord) {
      let title = "Undo: \(Self.describe(record)) (\(record.author), \(record.created.prefix(10)))"
      action(title, .remove, ["correction": .string(record.id)])
    }
    var reviewed: String?  // the mention's name when it is in the review queue
    let mention = workspace.mention(at: start, in: key).flatMap { $0.layer == .core && end <= $0.end ? $0 : nil }
    let isExactMention = mention.map { $0.start == start && $0.end == end } ?? false
    if end > start && !isExactMention {
      for label in EntityLabel.core {
        action("Annotate as \(label.rawValue)", .annotate, ["label": .string(label.rawValue)])
      }
      for label in EntityLabel.core {
        action(
          "Annotate as \(label.rawValue) only in this document", .annotate,
          ["label": .string(label.rawValue), "scope": "document"])
      }
    }
    if let mention {
      let name = "“\(mention.text)”"
      // The review queue: a tagger guess, or a surface form read two ways,
      // can be accepted as it stands (an annotation of this mention).
      if mention.rule.origin.tier != .correction,
        ReviewQueue.needsReview(mention)
          || workspace.findings(in: key).contains(where: { $0.start == mention.start && $0.end == mention.end })
      {
        var extra: JSONObject = ["label": .string(mention.label.rawValue), "scope": "mention"]
        if let entity = mention.entity { extra["entity"] = .string(entity) }
        action("Accept: \(name) is \(mention.label.rawValue)", .annotate, extra)
        var preferred = actions.removeLast()
        if case .object(var object) = preferred {
          object["isPreferred"] = true
          preferred = .object(object)
        }
        actions.insert(preferred, at: 0)
        reviewed = name
      }
      // Each correction at three scopes, the default (everywhere) first, each
      // saying what it would change. A retype reaches the same mentions
      // whatever the new kind: counted once.
      var counted: [String: String] = [:]
      func scoped(_ title: String, _ command: GlossCommand, _ extra: JSONObject = [:], kind: String = "quickfix") {
        for scope in CorrectionRecord.Scope.allCases {
          var args = extra
          args["scope"] = .string(scope.rawValue)
          let memo =
            "\(command.rawValue) \(scope.rawValue) \(command == .retype ? "" : extra["entity"]?.stringValue ?? "")"
          let reach = counted[memo] ?? self.reach(command, uri, params.range, args, scope)
          counted[memo] = reach
          action("\(title) — \(reach)", command, args, kind: kind)
        }
      }
      scoped("Not an entity: \(name)", .reject)
      for label in EntityLabel.core where label != mention.label {
        scoped("Change kind of \(name) to \(label.rawValue)", .retype, ["label": .string(label.rawValue)])
      }
      for candidate in sameEntityCandidates(mention) {
        scoped(
          "Same entity as \(candidate.name) (\(candidate.id))", .link, ["entity": .string(candidate.id)],
          kind: "refactor")
      }
      if mention.entity != nil {
        action("Unlink \(name) from \(workspace.summaryName(mention.entity!))", .unlink, kind: "refactor")
        action("Pin \(name) as the definition", .pin, kind: "refactor")
      }
      if let correction = workspace.correction(of: mention) { undo(correction) }
      if let entity = mention.entity {
        for (_, record) in workspace.activeCorrections
        where [.pin, .rename].contains(record.action) && record.body.entity == entity {
          undo(record)
        }
      }
    }
    // A span an analyst rejected shows no mention: undo is offered there.
    for record in workspace.rejections(at: start, end, in: key) { undo(record) }
    // In the review queue, "Not an entity" for this mention comes second, after "Accept".
    if let name = reviewed,
      let at = actions.firstIndex(where: { $0["title"]?.stringValue == "Not an entity: \(name) — this mention" })
    {
      actions.insert(actions.remove(at: at), at: 1)
    }
    return .array(actions)
  }

  /// “this mention”, “this document (3 mentions)”, “everywhere (312 mentions
  /// in 20 documents)”: what a correction at a scope would change, counted
  /// under the policy the corrections pass applies.
  func reach(
    _ command: GlossCommand, _ uri: String, _ range: Protocol.Range, _ extra: JSONObject,
    _ scope: CorrectionRecord.Scope
  ) -> String {
    if scope == .mention { return "this mention" }
    let args = CommandArguments(
      uri: uri, range: range, label: extra["label"]?.stringValue, entity: extra["entity"]?.stringValue,
      scope: scope.rawValue)
    guard let record = try? makeRecord(command, args) else {
      return scope == .document ? "this document" : "everywhere"
    }
    let (mentions, documents) = workspace.reach(of: record)
    let counted = "\(mentions) mention\(mentions == 1 ? "" : "s")"
    return scope == .document
      ? "this document (\(counted))" : "everywhere (\(counted) in \(documents) document\(documents == 1 ? "" : "s"))"
  }

  /// What a correction did, in the words of the action that made it.
  static func describe(_ record: CorrectionRecord) -> String {
    let label = record.body.label ?? ""
    switch record.action {
    case .annotate: return "Annotate as \(label)"
    case .reject: return "Not an entity"
    case .retype: return "Change kind to \(label)"
    case .link: return "Same entity as \(record.body.entity ?? "")"
    case .unlink: return "Unlink"
    case .pin: return "Pin as the definition"
    case .rename: return "Rename to “\(record.body.name ?? "")”"
    case .remove: return "Remove"
    }
  }

  /// Entities of the same kind, or whose names share a word with the
  /// mention, most shared words first and the same kind first among equals
  /// (at most five): a name the rules read as a nationality may be a
  /// person's (“Thai”, of Luong Hoang Thai).
  func sameEntityCandidates(_ mention: Mention) -> [(id: String, name: String)] {
    let words = Set(Folding.key(mention.text).split(separator: " ").map(String.init))
    var scored: [(Int, String, String)] = []
    // Shared words first; the same kind breaks ties.
    func score(_ shared: Int, _ label: EntityLabel) -> Int { shared * 2 + (label == mention.label ? 1 : 0) }
    for summary in workspace.search(mention.text, limit: 40) where summary.id != mention.entity {
      let shared = words.intersection(Folding.key(summary.name).split(separator: " ").map(String.init)).count
      guard summary.label == mention.label || shared > 0 else { continue }
      scored.append((score(shared, summary.label), summary.id, summary.name))
    }
    for word in words where word.count > 2 {
      for summary in workspace.search(word, limit: 20)
      where summary.id != mention.entity && !scored.contains(where: { $0.1 == summary.id })
        && (summary.label == mention.label
          || Folding.key(summary.name).split(separator: " ").contains { $0 == word })
      {
        scored.append((score(1, summary.label), summary.id, summary.name))
      }
    }
    return scored.sorted { ($0.0, $1.1) > ($1.0, $0.1) }.prefix(5).map { ($0.1, $0.2) }
  }
}
