import Extraction
import Foundation
import JSON
import Protocol
import Store
import Workspace

/// The commands behind code actions and rename. They run on the server
/// (`workspace/executeCommand`), so corrections work in every client with no
/// client-side code. Each appends one record to `annotations/corrections.jsonl`
/// (acknowledged after fsync); the documents it can change are then read
/// again in the background and installed on the worker (`Rereading.swift`).
enum GlossCommand: String, CaseIterable {
  case annotate = "gloss.annotate"
  case reject = "gloss.reject"
  case retype = "gloss.retype"
  case link = "gloss.link"
  case unlink = "gloss.unlink"
  case pin = "gloss.pin"
  case remove = "gloss.remove"
  case rename = "gloss.rename"
}

/// The one argument every command takes.
struct CommandArguments: Codable, Sendable {
  var uri: String?
  var range: Protocol.Range?
  var label: String?
  var entity: String?
  var name: String?
  /// `corpus` (default), `document` or `mention`.
  var scope: String?
  /// For gloss.remove: the correction to withdraw.
  var correction: String?
}

extension LanguageServer {
  var author: String {
    settings.author ?? ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.environment["LOGNAME"]
      ?? "unknown"
  }

  func executeCommand(_ params: ExecuteCommandParams) throws -> JSONValue {
    guard let command = GlossCommand(rawValue: params.command) else {
      throw ResponseError.invalidParams("command: unknown command \(params.command)")
    }
    guard let raw = params.arguments?.first else { throw ResponseError.invalidParams("arguments: missing") }
    let args: CommandArguments
    do { args = try raw.decode(CommandArguments.self) } catch {
      throw ResponseError.invalidParams("arguments[0].\(describeDecodingError(error))")
    }
    let record = try makeRecord(command, args)
    guard let store = workspace.store else {
      throw ResponseError.requestFailed("no workspace folder is open: corrections need one")
    }
    do { try CorrectionLog(files: store.files).append(record) } catch {
      throw ResponseError.requestFailed("could not record the correction: \(error)")
    }
    workspace.reloadCorrections()
    afterWorkspaceChange()
    publishStoreDiagnostics()
    return ["correction": .string(record.id)]
  }

  /// The document, its text and the scalar range of a command's target; a
  /// document outside the workspace root is refused.
  func target(_ args: CommandArguments) throws -> (key: String, text: String, start: Int, end: Int) {
    guard let uri = args.uri else { throw ResponseError.invalidParams("arguments[0].uri: missing") }
    guard let range = args.range else { throw ResponseError.invalidParams("arguments[0].range: missing") }
    let key = key(for: uri)
    guard root != nil, key != uri else {
      throw ResponseError.invalidParams("arguments[0].uri: \(uri) is outside the workspace root")
    }
    guard let document = workspace.documents[key], let index = lineIndex(for: key) else {
      throw ResponseError.invalidParams("arguments[0].uri: \(uri) is not open and not in the workspace")
    }
    var start = index.offset(line: range.start.line, character: range.start.character, encoding)
    var end = index.offset(line: range.end.line, character: range.end.character, encoding)
    if start > end { swap(&start, &end) }
    return (key, document.text, start, end)
  }

  func makeRecord(_ command: GlossCommand, _ args: CommandArguments) throws -> CorrectionRecord {
    guard let scope = CorrectionRecord.Scope(rawValue: args.scope ?? "corpus") else {
      throw ResponseError.invalidParams("arguments[0].scope: one of corpus, document, mention")
    }
    if command == .remove {
      guard let id = args.correction else { throw ResponseError.invalidParams("arguments[0].correction: missing") }
      guard workspace.correctionRecords.contains(where: { $0.1.id == id }) else {
        throw ResponseError.invalidParams("arguments[0].correction: no correction \(id)")
      }
      return .make(author: author, action: .remove, target: nil, body: .init(correction: id), scope: .corpus)
    }
    var (key, text, start, end) = try target(args)
    let mention = workspace.mention(at: start, in: key).flatMap { $0.layer == .core ? $0 : nil }
    // Commands on an entity take its mention when the range is empty or inside it.
    if command != .annotate, let mention, start >= mention.start, end <= mention.end {
      (start, end) = (mention.start, mention.end)
    }
    guard end > start else { throw ResponseError.invalidParams("arguments[0].range: empty, and no entity there") }
    let target = Anchoring.target(in: text, start: start, end: end, source: key)
    func label(_ raw: String?) throws -> EntityLabel {
      guard let raw, let label = EntityLabel(rawValue: raw), label != .TITLE else {
        throw ResponseError.invalidParams(
          "arguments[0].label: one of \(EntityLabel.core.map(\.rawValue).joined(separator: ", "))")
      }
      return label
    }
    func onEntity() throws -> Mention {
      guard let mention else { throw ResponseError.invalidParams("arguments[0].range: no entity there") }
      return mention
    }
    let body: CorrectionRecord.Body
    let action: CorrectionRecord.Action
    switch command {
    case .annotate:
      let l = try label(args.label)
      action = .annotate
      body = .init(
        label: l.rawValue, entity: l.isLinked ? (args.entity ?? Folding.slug(target.exact)) : nil, name: args.name)
    case .reject:
      action = .reject
      body = .init(label: mention?.label.rawValue, entity: mention?.entity)
    case .retype:
      let l = try label(args.label)
      let m = try onEntity()
      action = .retype
      body = .init(
        label: l.rawValue, entity: l.isLinked ? (m.entity ?? Folding.slug(target.exact)) : nil,
        from: m.label.rawValue)
    case .link:
      guard let entity = args.entity else { throw ResponseError.invalidParams("arguments[0].entity: missing") }
      guard let summary = workspace.summary(entity) else {
        throw ResponseError.invalidParams("arguments[0].entity: no entity \(entity) in the workspace")
      }
      action = .link
      body = .init(label: summary.label.rawValue, entity: entity, from: mention?.label.rawValue)
    case .unlink:
      let m = try onEntity()
      action = .unlink
      body = .init(label: m.label.rawValue, entity: m.entity)
    case .pin:
      let m = try onEntity()
      guard let entity = m.entity else {
        throw ResponseError.invalidParams("arguments[0].range: this mention has no entity")
      }
      action = .pin
      body = .init(entity: entity)
    case .rename:
      let m = try onEntity()
      guard let entity = m.entity, let name = args.name, !name.isEmpty else {
        throw ResponseError.invalidParams("arguments[0].name: missing")
      }
      action = .rename
      body = .init(entity: entity, name: name)
    case .remove:
      throw ResponseError.internalError("gloss.remove is handled before its target is read")
    }
    return .make(author: author, action: action, target: target, body: body, scope: scope)
  }

  // MARK: Rename

  func prepareRename(_ params: TextDocumentPositionParams) throws -> JSONValue {
    guard let (key, mention, entity) = try entityAt(params), let index = lineIndex(for: key) else {
      throw ResponseError.requestFailed("only an entity can be renamed here")
    }
    return [
      "range": range(mention.start, mention.end, in: index).json,
      "placeholder": .string(workspace.summary(entity)?.name ?? mention.text),
    ]
  }

  /// Records a new canonical name; the id stays and the text is never edited.
  func rename(_ params: RenameParams) throws -> JSONValue {
    let position = TextDocumentPositionParams(textDocument: params.textDocument, position: params.position)
    guard try entityAt(position) != nil else { throw ResponseError.requestFailed("only an entity can be renamed here") }
    let args = CommandArguments(
      uri: params.textDocument.uri, range: Range(start: params.position, end: params.position), name: params.newName)
    _ = try executeCommand(
      ExecuteCommandParams(command: GlossCommand.rename.rawValue, arguments: [try JSONValue(encoding: args)]))
    return ["changes": [:]]
  }

  /// Problems of the store's files, pushed on those files.
  func publishStoreDiagnostics() {
    guard let root else { return }
    var byFile: [String: [Diagnostic]] = [:]
    for problem in workspace.correctionProblems + workspace.ruleProblems {
      let line = max(0, (problem.line ?? 1) - 1)
      let position = Position(line: line, character: 0)
      let range = Range(start: position, end: Position(line: line, character: 1000))
      byFile[problem.file, default: []].append(
        Diagnostic(range: range, severity: problem.severity == .error ? 1 : 2, message: problem.message, code: "store"))
    }
    for (line, record) in workspace.orphans() {
      let position = Position(line: line - 1, character: 0)
      byFile[CorrectionLog.path, default: []].append(
        Diagnostic(
          range: Range(start: position, end: Position(line: line - 1, character: 1000)), severity: 2,
          message:
            "this correction can no longer be placed in \(record.target?.source ?? "its document"): “\(record.target?.exact ?? "")”",
          code: "orphan"))
    }
    let files = Set(byFile.keys).union(publishedStoreFiles)
    for file in files.sorted() {
      let uri = DocumentURI.fileURI(forPath: root.appendingPathComponent(file).path)
      notify(
        "textDocument/publishDiagnostics",
        ["uri": .string(uri), "diagnostics": .array((byFile[file] ?? []).compactMap { try? JSONValue(encoding: $0) })])
    }
    publishedStoreFiles = Set(byFile.keys)
  }
}
