import ArgumentParser
import Extraction
import Foundation
import Store
import Workspace

struct Train: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Train the statistical tagger's weights from annotated text.",
    discussion: """
      Each --texts folder pairs with the --gold file at the same position: JSON Lines spans whose `doc` \
      is a file under that folder. --root adds a workspace's own gold (annotations/gold). The result is \
      the same for the same data, options and gloss build. `make model` reproduces the shipped weights.
      """)

  @Option(help: "A folder of training texts (repeat, paired with --gold).")
  var texts: [String] = []

  @Option(help: "The gold spans for the --texts folder at the same position.")
  var gold: [String] = []

  @Option(help: "Labels the --texts/--gold corpora annotate (comma-separated; default: those the tagger learns).")
  var annotates: String?

  @Option(help: "A workspace root whose gold (annotations/gold) and corrections also train the model.")
  var root: String?

  @Option(help: "Held-out texts: fit the confidence temperature and report progress.")
  var devTexts: String?

  @Option(help: "Gold spans of the held-out texts.")
  var devGold: String?

  @Option(help: "Labels the tagger learns (comma-separated).")
  var labels: String = "PERSON,NORP,ORG,GPE,LOC,EVENT"

  @Option(help: "Passes over the training data.")
  var epochs: Int = 8

  @Option(help: "Seed of the training order.")
  var seed: UInt64 = 1

  @Option(help: "Feature buckets: 2^bits rows.")
  var bits: Int = 18

  @Option(help: "Where to write the weights.")
  var out: String

  func validate() throws {
    guard texts.count == gold.count else { throw ValidationError("give one --gold for each --texts") }
    guard !texts.isEmpty || root != nil else {
      throw ValidationError("nothing to train on: give --texts/--gold or --root")
    }
    guard (devTexts == nil) == (devGold == nil) else {
      throw ValidationError("give --dev-texts and --dev-gold together")
    }
    guard (10...24).contains(bits) else { throw ValidationError("--bits must be between 10 and 24") }
    guard epochs > 0 else { throw ValidationError("--epochs must be positive") }
    _ = try parseLabels(labels)
    if let annotates { _ = try parseLabels(annotates) }
  }

  func parseLabels(_ text: String) throws -> [EntityLabel] {
    try text.split(separator: ",").map { name in
      guard let label = EntityLabel(rawValue: String(name)), label != .TITLE else {
        throw ValidationError("unknown label \(name)")
      }
      return label
    }
  }

  func run() throws {
    let learned = try parseLabels(labels)
    let annotated = Set(try annotates.map(parseLabels) ?? learned)
    var documents: [TrainingDocument] = []
    var problems: [StoreProblem] = []
    var sources: [String] = []
    let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    for (folder, file) in zip(texts, gold) {
      let loaded = TrainingData.load(
        texts: URL(fileURLWithPath: folder, relativeTo: cwd), gold: URL(fileURLWithPath: file, relativeTo: cwd),
        annotates: annotated)
      documents += loaded.documents
      problems += loaded.problems
      // The file's folder and name: the same note wherever the data lies.
      let name = URL(fileURLWithPath: file).pathComponents.suffix(2).joined(separator: "/")
      sources.append("\(name) (\(loaded.documents.count) documents)")
    }
    var rules = RuleSet.builtIn
    if let root {
      let store = AnnotationStore(root: URL(fileURLWithPath: root, relativeTo: cwd))
      let loaded = TrainingData.workspaceGold(store)
      documents += loaded.documents
      problems += loaded.problems
      sources.append("\(root)/annotations/gold (\(loaded.documents.count) documents)")
      // Corrections in force, in log order: each knows only its own span.
      let (records, logProblems) = CorrectionLog(files: store.files).load()
      problems += logProblems
      let lessons = WorkspaceIndex.taggerLessons(records.map { ($0.line, $0.record) })
      documents += lessons.enumerated().map { TrainingDocument($0.element, name: "correction \($0.offset + 1)") }
      sources.append("\(root)/annotations/corrections.jsonl (\(lessons.count) corrections)")
      let (workspaceRules, ruleProblems) = store.ruleSet()
      rules = workspaceRules
      problems += ruleProblems
    }
    var heldOut: [TrainingDocument] = []
    if let devTexts, let devGold {
      let loaded = TrainingData.load(
        texts: URL(fileURLWithPath: devTexts, relativeTo: cwd), gold: URL(fileURLWithPath: devGold, relativeTo: cwd),
        annotates: annotated)
      heldOut = loaded.documents
      problems += loaded.problems
    }
    for p in problems { printError("gloss: \(p)") }
    guard !documents.isEmpty else {
      printError("gloss: no annotated documents to train on")
      throw ExitCode(1)
    }
    let trainer = TaggerTrainer(rules: rules, labels: learned, bits: bits, epochs: epochs, seed: seed)
    let provenance =
      "averaged perceptron, feature version \(TaggerFeatures.version), \(bits) bits, \(epochs) epochs, seed \(seed); "
      + "labels \(labels); trained on \(sources.joined(separator: ", "))"
    let started = Date()
    let bytes = trainer.train(documents, heldOut: heldOut, provenance: provenance) { printError("gloss: \($0)") }
    let output = URL(fileURLWithPath: out, relativeTo: cwd)
    try Data(bytes).write(to: output, options: .atomic)
    printError(
      String(
        format: "gloss: wrote %@ (%.1f MB) in %.0f s", output.path, Double(bytes.count) / 1e6,
        Date().timeIntervalSince(started)))
  }
}
