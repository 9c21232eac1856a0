import ArgumentParser
import Foundation
import JSON
import Store

/// `gloss corrections list|remove|compact`: the correction log from the
/// command line, for what the editor's undo does not reach (another
/// author's corrections, many at once, a log grown long).
struct Corrections: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List, withdraw or compact the analysts' corrections (annotations/corrections.jsonl).",
    subcommands: [List.self, Remove.self, Compact.self])

  /// The log and its records, or exit 1 naming what could not be read.
  static func load(_ workspace: WorkspaceOptions) throws -> (
    log: CorrectionLog, records: [(line: Int, record: CorrectionRecord)], problems: [StoreProblem]
  ) {
    let store = try workspace.existingStore()
    let log = CorrectionLog(files: store.files)
    let (records, problems) = log.load()
    return (log, records, problems)
  }

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List the corrections in force, oldest first.",
      discussion: "Withdrawn corrections and the removals themselves are left out.")

    @OptionGroup var workspace: WorkspaceOptions

    @Option(help: "Only the corrections of this author.")
    var author: String?

    @Option(help: "Output format: text or json.")
    var format: String = "text"

    func validate() throws {
      guard ["text", "json"].contains(format) else { throw ValidationError("--format must be text or json") }
    }

    func run() throws {
      let (_, records, problems) = try Corrections.load(workspace)
      for p in problems { printError("gloss: \(p)") }
      let active = Set(CorrectionLog.active(records.map(\.record)).map(\.id))
      let shown = records.filter { active.contains($0.record.id) && (author == nil || $0.record.author == author) }
      if format == "json" {
        let list = shown.map { line, record -> JSONValue in
          guard case .object(var object) = record.json else { return record.json }
          object["line"] = .int(Int64(line))
          return .object(object)
        }
        print(JSONValue.object(["corrections": .array(list)]).jsonText)
      } else {
        for (_, record) in shown { print(Self.describe(record)) }
        if shown.isEmpty { print(author.map { "no corrections by \($0)" } ?? "no corrections") }
      }
      if !problems.isEmpty { throw ExitCode(1) }
    }

    /// `c-…  2026-11-23  ana  reject  corpus  “US”  a.txt@26  label=GPE`
    static func describe(_ record: CorrectionRecord) -> String {
      var fields = [record.id, String(record.created.prefix(10)), record.author, record.action.rawValue]
      if let target = record.target {
        fields += [record.scope.rawValue, "“\(target.exact)”", "\(target.source)@\(target.start)"]
      }
      let body = record.body
      let details = [
        body.from.map { "from=\($0)" }, body.label.map { "label=\($0)" }, body.entity.map { "entity=\($0)" },
        body.name.map { "name=\($0)" },
      ].compactMap { $0 }
      return (fields + details).joined(separator: "  ")
    }
  }

  struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Withdraw a correction (appends a removal to the log, as the editor's undo does).")

    @OptionGroup var workspace: WorkspaceOptions

    @Option(help: "The name the removal is recorded under (default: author in annotations/gloss.json, else $USER).")
    var author: String?

    @Argument(help: "The id of the correction to withdraw (see `gloss corrections list`).")
    var id: String

    func run() throws {
      let (log, records, _) = try Corrections.load(workspace)
      guard let record = records.first(where: { $0.record.id == id })?.record else {
        printError("gloss: no correction \(id) in \(CorrectionLog.path)")
        throw ExitCode(1)
      }
      guard record.action != .remove else {
        printError("gloss: \(id) is itself a removal; remove the correction it withdrew instead")
        throw ExitCode(1)
      }
      guard CorrectionLog.active(records.map(\.record)).contains(where: { $0.id == id }) else {
        printError("gloss: \(id) is already withdrawn")
        throw ExitCode(1)
      }
      let store = try workspace.existingStore()
      let name =
        author ?? store.settings().0.author ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown"
      let removal = CorrectionRecord.make(
        author: name, action: .remove, target: nil, body: .init(correction: id), scope: .corpus)
      do { try log.append(removal) } catch {
        printError("gloss: could not record the removal: \(error)")
        throw ExitCode(1)
      }
      print("withdrew \(List.describe(record)) (removal \(removal.id))")
    }
  }

  struct Compact: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Rewrite the log with only the corrections in force.",
      discussion: """
        Drops withdrawn corrections and the removals that withdrew them; the others keep their ids, order and \
        content. Refuses to rewrite a log with unreadable lines.
        """)

    @OptionGroup var workspace: WorkspaceOptions

    func run() throws {
      let (log, records, problems) = try Corrections.load(workspace)
      guard problems.isEmpty else {
        for p in problems { printError("gloss: \(p)") }
        printError("gloss: not compacting: \(CorrectionLog.path) has lines that cannot be read (fix or delete them)")
        throw ExitCode(1)
      }
      let kept = CorrectionLog.active(records.map(\.record))
      guard kept.count < records.count else {
        print("nothing to compact: \(records.count) correction\(records.count == 1 ? "" : "s") in force")
        return
      }
      do { try log.rewrite(kept) } catch {
        printError("gloss: could not rewrite \(CorrectionLog.path): \(error)")
        throw ExitCode(1)
      }
      print("compacted \(CorrectionLog.path): \(kept.count) kept, \(records.count - kept.count) dropped")
    }
  }
}
