import ArgumentParser
import Extraction
import Foundation
import Store
import Workspace

struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Write a static report page over the entities, their co-occurrence, the dates and the corrections.",
    discussion: """
      Reads the documents as `gloss serve` and `gloss extract` do and writes DIR/index.html: one self-contained \
      page (its own script and SVG; nothing is fetched when it is viewed) with a sortable, filterable entity \
      table, a co-occurrence network (entities in the same paragraph), a timeline of the normalised dates, and \
      the corrections by author and action. --format json prints the same data instead.
      """)

  @OptionGroup var workspace: WorkspaceOptions

  @Option(help: "The folder to write index.html to (default: report).")
  var out: String = "report"

  @Option(help: "html (DIR/index.html) or json (the same data, on stdout).")
  var format: String = "html"

  @Flag(help: "The rules and knowledge base alone: no tagger, no analysts' corrections.")
  var rulesOnly = false

  @Option(help: "Leave out tagger mentions less confident than this (0–1).")
  var minConfidence = Double(Extractor.defaultMinimumConfidence)

  @Argument(help: "Files or folders (folders expand to their *.txt files); - reads stdin. Default: the corpus.")
  var paths: [String] = []

  func validate() throws {
    guard format == "html" || format == "json" else { throw ValidationError("--format must be html or json") }
    guard (0...1).contains(minConfidence) else { throw ValidationError("--min-confidence must be between 0 and 1") }
  }

  func run() throws {
    let (store, reader, read, problems) = try readDocuments(
      workspace: workspace, paths: paths, rulesOnly: rulesOnly, minConfidence: minConfidence)
    let documents = read.sorted { $0.path < $1.path }
    let (records, _) = CorrectionLog(files: store.files).load()
    let report = Report(
      documents: documents, rules: reader.extractor.rules, corrections: records.map(\.record),
      dates: store.settings().0.documentDate)
    if format == "json" {
      print(report.json.jsonText)
    } else {
      let folder = URL(fileURLWithPath: out)
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      let page = folder.appendingPathComponent("index.html")
      try Data(ReportPage.html(report).utf8).write(to: page)
      printError(
        "gloss: wrote \(page.path) (\(documents.count) documents, \(report.entities.count) entities, "
          + "\(report.dates.count) dates and times)")
    }
    for p in problems { printError("gloss: \(p)") }
    if !problems.isEmpty { throw ExitCode(1) }
  }
}
