import Extraction
import Foundation
import JSON
import Protocol
import Store
import Workspace

/// The workspace behind the server: where its root is, how document URIs map
/// to the workspace's paths, and indexing the corpus in the background.
extension LanguageServer {
  /// The root: the nearest folder upward of the client's folder holding
  /// `annotations/`, else the client's folder.
  func setUpWorkspace(_ params: InitializeParams) {
    let folderURI = params.workspaceFolders?.first?.uri ?? params.rootUri
    let folderPath = folderURI.flatMap(DocumentURI.path(fromFileURI:)) ?? params.rootPath
    guard let folderPath, !folderPath.isEmpty else { return }
    let root = WorkspaceRoot.find(from: URL(fileURLWithPath: folderPath, isDirectory: true))
    self.root = root
    workspace = WorkspaceIndex(store: AnnotationStore(root: root))
    workspace.setMinimumConfidence(Float(settings.minConfidence))  // before any document is read
    for problem in workspace.ruleProblems { log(.warning, "\(problem)") }
    if let author = workspace.store?.settings().0.author, settings.author == nil { settings.author = author }
  }

  /// The workspace's name for a document: its path relative to the root
  /// when it lies inside, else the URI itself.
  func key(for uri: String) -> String {
    if let root, let path = DocumentURI.path(fromFileURI: uri),
      let relative = FileAccess(root: root).relativePath(of: URL(fileURLWithPath: path))
    {
      return relative
    }
    return uri
  }

  func uri(for key: String) -> String {
    if key.contains(":"), key.contains("/"), key.firstIndex(of: ":")! < key.firstIndex(of: "/")! { return key }
    guard let root else { return key }
    return DocumentURI.fileURI(forPath: root.appendingPathComponent(key).path)
  }

  /// Reads and extracts the corpus off the worker, reporting progress when
  /// the client supports it, then installs the result on the worker.
  func startIndexing() {
    guard let store = workspace.store else { return }
    indexing = true
    let token = JSONValue.string("gloss-indexing")
    let reportsProgress = clientCapabilities.at("window.workDoneProgress")?.boolValue == true
    if reportsProgress {
      sendRequest("window/workDoneProgress/create", ["token": token])
      notify(
        "$/progress",
        [
          "token": token,
          "value": ["kind": "begin", "title": "Indexing the corpus", "percentage": 0, "cancellable": false],
        ])
    }
    let reader = workspace.reader
    let scheduler = self.scheduler
    let progress = reportsProgress ? progressReporter(token: token) : nil
    scheduler.background { [self] in
      let snapshot = DiskSnapshot.take(store)
      let (loaded, problems) = WorkspaceIndex.load(store: store, reader: reader, progress: progress)
      scheduler.worker { [self] in
        workspace.install(loaded)
        diskSnapshot = snapshot
        lastDiskCheck = Date()
        indexing = false
        for problem in problems { log(.warning, "\(problem)") }
        if reportsProgress {
          notify(
            "$/progress",
            ["token": token, "value": ["kind": "end", "message": .string("\(loaded.count) documents indexed")]])
        }
        log(.info, "indexed \(loaded.count) documents")
        afterWorkspaceChange()
        publishStoreDiagnostics()
      }
    }
  }

  /// A progress callback for the indexing threads: a `report` every 5%,
  /// sent from the worker.
  private func progressReporter(token: JSONValue) -> @Sendable (Int, Int) -> Void {
    let lastPercent = LockedInt()
    let scheduler = self.scheduler
    return { [self] done, total in
      let percent = total == 0 ? 100 : done * 100 / total
      guard lastPercent.raise(to: percent / 5 * 5) else { return }
      let value: JSONValue = [
        "kind": "report", "message": .string("\(done)/\(total) documents"), "percentage": .int(Int64(percent)),
      ]
      scheduler.worker { [self] in notify("$/progress", ["token": token, "value": value]) }
    }
  }

  /// After extraction results changed: ask the client to refresh tokens and
  /// publish diagnostics when it does not pull them.
  func afterWorkspaceChange() {
    // A new confidence threshold re-extracts every document (no-op when unchanged).
    workspace.setMinimumConfidence(Float(settings.minConfidence))
    if clientCapabilities.at("workspace.semanticTokens.refreshSupport")?.boolValue == true {
      sendRequest("workspace/semanticTokens/refresh", nil)
    }
    if clientCapabilities.at("workspace.inlayHint.refreshSupport")?.boolValue == true, settings.inlayHints {
      sendRequest("workspace/inlayHint/refresh", nil)
    }
    if clientCapabilities.at("workspace.codeLens.refreshSupport")?.boolValue == true, settings.codeLens {
      sendRequest("workspace/codeLens/refresh", nil)
    }
    publishDiagnosticsIfPushing()
  }

  /// The line index of a workspace document's current text.
  func lineIndex(for key: String) -> LineIndex? {
    guard let document = workspace.documents[key] else { return nil }
    if let cached = lineIndexes[key], cached.revision == document.revision { return cached.index }
    let index = LineIndex(document.text)
    lineIndexes[key] = (document.revision, index)
    return index
  }

  func range(_ start: Int, _ end: Int, in index: LineIndex) -> Protocol.Range {
    let s = index.position(of: start, encoding)
    let e = index.position(of: end, encoding)
    return Range(
      start: Position(line: s.line, character: s.character), end: Position(line: e.line, character: e.character))
  }

  func location(_ ref: MentionRef) -> Location? {
    guard let index = lineIndex(for: ref.path) else { return nil }
    return Location(uri: uri(for: ref.path), range: range(ref.mention.start, ref.mention.end, in: index))
  }

  /// The workspace key and scalar offset of a position in a document.
  func offset(_ uri: String, _ position: Position) throws -> (key: String, offset: Int) {
    let key = key(for: uri)
    guard let index = lineIndex(for: key) else {
      throw ResponseError.invalidParams("textDocument.uri: \(uri) is not open and not in the workspace")
    }
    return (key, index.offset(line: position.line, character: position.character, encoding))
  }

  /// The defining mention of an entity (the index keeps it up to date).
  func definition(of entity: String) -> MentionRef? { workspace.definition(entity) }
}

/// A monotonic integer shared with the indexing threads (progress throttling).
final class LockedInt: @unchecked Sendable {
  private let lock = NSLock()
  private var value = -1
  /// Raises the value; true when it grew.
  func raise(to new: Int) -> Bool {
    lock.lock()
    defer { lock.unlock() }
    guard new > value else { return false }
    value = new
    return true
  }
}
