import ArgumentParser
import Extraction
import Foundation
import Store
import Workspace

/// Options shared by `extract` and `check`.
struct WorkspaceOptions: ParsableArguments {
  @Option(
    help: "The workspace root (default: the nearest folder upward holding annotations/, else the current folder).")
  var root: String?

  /// The root: `--root`; else the workspace around the current folder when
  /// every path lies inside it; else the workspace around the first path
  /// (the nearest folder upward holding annotations/, else the path's folder).
  func store(for paths: [String] = []) throws -> AnnotationStore {
    if root != nil { return try existingStore() }
    let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    let here = AnnotationStore(root: WorkspaceRoot.find(from: cwd))
    let files = paths.filter { $0 != "-" }.map { URL(fileURLWithPath: $0, relativeTo: cwd).standardizedFileURL }
    guard let first = files.first, files.contains(where: { here.files.relativePath(of: $0) == nil }) else {
      return here
    }
    var isDirectory: ObjCBool = false
    _ = FileManager.default.fileExists(atPath: first.path, isDirectory: &isDirectory)
    let folder = isDirectory.boolValue ? first : first.deletingLastPathComponent()
    return AnnotationStore(root: WorkspaceRoot.find(from: folder))
  }
}

extension WorkspaceOptions {
  /// `--root` when given (it must be a folder that exists), else the
  /// workspace around the current folder.
  func existingStore() throws -> AnnotationStore {
    guard let root else {
      return AnnotationStore(
        root: WorkspaceRoot.find(from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)))
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw ValidationError("--root \(root): no such folder")
    }
    return AnnotationStore(root: URL(fileURLWithPath: root))
  }
}

/// Expands command-line paths to workspace-relative `*.txt` paths; `-` stays `-`.
func expand(_ paths: [String], _ store: AnnotationStore) -> (paths: [String], problems: [StoreProblem]) {
  var out: [String] = []
  var problems: [StoreProblem] = []
  let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
  for path in paths {
    if path == "-" {
      out.append(path)
      continue
    }
    let url = URL(fileURLWithPath: path, relativeTo: cwd)
    guard
      let relative = store.files.relativePath(of: url) ?? (url.standardizedFileURL.path == store.root.path ? "" : nil)
    else {
      problems.append(StoreProblem(file: path, message: "is outside the workspace root \(store.root.path)"))
      continue
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
      problems.append(StoreProblem(file: path, message: "does not exist"))
      continue
    }
    if isDirectory.boolValue {
      // Regular files only: a FIFO, device or socket named *.txt is reported, never opened.
      let listed = store.files.list(under: relative, suffix: ".txt")
      out += listed.paths
      problems += listed.problems
    } else {
      out.append(relative)  // reading refuses what is no regular file
    }
  }
  return (out, problems)
}

func printError(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }

/// A progress line on stderr, only when it is a terminal.
func progressReporter() -> (@Sendable (Int, Int) -> Void)? {
  guard isatty(2) != 0 else { return nil }
  return { done, total in
    if done == total || done % 50 == 0 { printError("\u{1B}[1A\u{1B}[2Kgloss: \(done)/\(total) documents") }
  }
}

struct Extract: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Print the entities found in text files, as the editor shows them.",
    discussion: """
      Applies the workspace's rules, knowledge base and corrections exactly as `gloss serve` does \
      (--rules-only leaves the corrections out). Works on any folder of text files; without annotations/ \
      the built-in rules are used.
      """)

  @OptionGroup var workspace: WorkspaceOptions

  @Option(help: "Output format: jsonl (the guidelines' span format), conll, brat, csv or table.")
  var format: String = "jsonl"

  @Option(
    help: "With --format brat: a folder to write one .txt/.ann pair per document and annotation.conf to, for brat.")
  var out: String?

  @Flag(help: "The rules and knowledge base alone: no tagger, no analysts' corrections.")
  var rulesOnly = false

  @Option(help: "Leave out tagger mentions less confident than this (0–1).")
  var minConfidence = Double(Extractor.defaultMinimumConfidence)

  @Option(help: "jsonl: stream JSON Lines on stdin ({\"id\", \"text\", …}) to one line per document on stdout.")
  var input: String?

  @Argument(help: "Files or folders (folders expand to their *.txt files); - reads stdin. Default: the corpus.")
  var paths: [String] = []

  func validate() throws {
    guard ExportFormat(rawValue: format) != nil else {
      throw ValidationError("--format must be one of jsonl, conll, brat, csv, table")
    }
    guard out == nil || format == "brat" else { throw ValidationError("--out needs --format brat") }
    guard (0...1).contains(minConfidence) else { throw ValidationError("--min-confidence must be between 0 and 1") }
    try validateInput()
  }

  func run() throws {
    if input != nil { return try stream() }
    let (store, reader, documents, problems) = try readDocuments(
      workspace: workspace, paths: paths, rulesOnly: rulesOnly, minConfidence: minConfidence)
    let dates = store.settings().0.documentDate
    if let out {
      try writeBrat(documents, to: URL(fileURLWithPath: out))
      printError("gloss: wrote \(documents.count) documents and annotation.conf to \(out)")
    } else {
      print(
        ExportFormat(rawValue: format)!.render(documents, extractor: reader.extractor, dates: dates), terminator: "")
    }
    for p in problems { printError("gloss: \(p)") }
    if !problems.isEmpty { throw ExitCode(1) }
  }
}

/// The documents `paths` name (folders expand to their `*.txt`; `-` is
/// stdin; none: the corpus), read as the editor reads them. Problems with the
/// store are printed at once; those with the documents are returned.
func readDocuments(workspace: WorkspaceOptions, paths arguments: [String], rulesOnly: Bool, minConfidence: Double)
  throws -> (store: AnnotationStore, reader: DocumentReader, documents: [DocumentResult], problems: [StoreProblem])
{
  let store = try workspace.store(for: arguments)
  var (reader, storeProblems) = store.documentReader(
    corrections: !rulesOnly, minimumConfidence: Float(minConfidence))
  for p in storeProblems { printError("gloss: \(p)") }
  if rulesOnly { reader = reader.sources(.rules) }
  var (paths, problems) = expand(arguments, store)
  if arguments.isEmpty {
    let corpus = store.corpus(store.settings().0)
    paths = corpus.paths
    problems += corpus.problems
  }
  var documents: [DocumentResult] = []
  if paths.contains("-") {
    let data = FileHandle.standardInput.readDataToEndOfFile()
    switch FileAccess.decodeUTF8([UInt8](data), file: "-") {
    case .success(let text): documents += BatchExtraction.run(texts: [("-", text)], reader: reader)
    case .failure(let problem): problems.append(problem)
    }
  }
  let files = paths.filter { $0 != "-" }
  let batch = BatchExtraction.run(paths: files, store: store, reader: reader, progress: progressReporter())
  documents += batch.documents
  problems += batch.problems
  return (store, reader, documents, problems)
}

/// A brat collection: each document's text and standoff under its workspace
/// path (stdin as `stdin.txt`), and `annotation.conf` naming the labels used.
func writeBrat(_ documents: [DocumentResult], to folder: URL) throws {
  let manager = FileManager.default
  try manager.createDirectory(at: folder, withIntermediateDirectories: true)
  for document in documents {
    var base = document.path == "-" ? "stdin.txt" : document.path
    if base.hasSuffix(".txt") { base.removeLast(4) }
    let txt = folder.appendingPathComponent(base + ".txt")
    try manager.createDirectory(at: txt.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(document.text.utf8).write(to: txt)
    try Data(ExportFormat.brat(document).utf8).write(to: folder.appendingPathComponent(base + ".ann"))
  }
  try Data(ExportFormat.bratConfiguration(documents).utf8).write(
    to: folder.appendingPathComponent("annotation.conf"))
}
