import Extraction
import Foundation
import JSON

/// A span of a gold file or of `gloss extract --format jsonl`: the format of
/// docs/ANNOTATION-GUIDELINES.md.
public struct SpanRecord: Codable, Sendable, Equatable, Hashable {
  public var doc: String
  public var start: Int
  public var end: Int
  public var label: String
  public var layer: String?
  public var text: String
  public var entity: String?

  public init(doc: String, start: Int, end: Int, label: String, layer: String?, text: String, entity: String?) {
    self.doc = doc
    self.start = start
    self.end = end
    self.label = label
    self.layer = layer
    self.text = text
    self.entity = entity
  }

  public var isTitle: Bool { layer == "title" || label == "TITLE" }
}

/// `annotations/gloss.json`: workspace settings.
public struct Settings: Codable, Sendable, Equatable {
  /// Folders (or files) holding the corpus, relative to the root; default: every `*.txt`.
  public var corpus: [String]?
  /// The name corrections are recorded under; default `$USER`.
  public var author: String?
  public var inlayHints: Bool?
  /// Whether the statistical tagger runs beside the rules; default true.
  public var tagger: Bool?

  public init(corpus: [String]? = nil, author: String? = nil, inlayHints: Bool? = nil, tagger: Bool? = nil) {
    self.corpus = corpus
    self.author = author
    self.inlayHints = inlayHints
    self.tagger = tagger
  }
}

/// The annotation store's read side over `annotations/` at the workspace root.
public struct AnnotationStore: Sendable {
  public let files: FileAccess
  public static let folder = "annotations"

  public init(root: URL) { files = FileAccess(root: root) }

  public var root: URL { files.root }

  private func exists(_ relative: String) -> Bool {
    guard let url = files.url(of: relative) else { return false }
    return FileManager.default.fileExists(atPath: url.path)
  }

  public func settings() -> (Settings, [StoreProblem]) {
    let path = "\(Self.folder)/gloss.json"
    guard exists(path) else { return (Settings(), []) }
    switch files.readText(path) {
    case .failure(let problem): return (Settings(), [problem])
    case .success(let text):
      do {
        return (try JSONValue.parse(text).decode(Settings.self), [])
      } catch let error as JSONParseError {
        return (Settings(), [StoreProblem(file: path, line: error.line, message: "not valid JSON: \(error.message)")])
      } catch {
        return (Settings(), [StoreProblem(file: path, message: describeDecodingError(error))])
      }
    }
  }

  /// The corpus: the settings' folders, or every `*.txt` outside hidden
  /// folders, `.build` and `annotations`, in corpus order (by path).
  public func corpusPaths(_ settings: Settings) -> [String] {
    let folders = settings.corpus ?? [""]
    return Array(Set(folders.flatMap { files.files(under: $0, suffix: ".txt") })).sorted()
  }

  /// Spans of every `*.jsonl` under a folder (the gold folder by default).
  public func spans(in folder: String = "\(folder)/gold") -> (spans: [SpanRecord], problems: [StoreProblem]) {
    var spans: [SpanRecord] = []
    var problems: [StoreProblem] = []
    for path in files.files(under: folder, suffix: ".jsonl", includeAnnotations: true) {
      switch files.readText(path) {
      case .failure(let problem): problems.append(problem)
      case .success(let text):
        let (records, lineProblems) = JSONLines.parse(text, file: path)
        problems += lineProblems
        for (line, value) in records {
          do {
            let span = try value.decode(SpanRecord.self)
            let label = EntityLabel(rawValue: span.label)
            if label == nil {
              problems.append(StoreProblem(file: path, line: line, message: "label: unknown label \"\(span.label)\""))
            } else if span.start < 0 || span.end <= span.start {
              problems.append(
                StoreProblem(file: path, line: line, message: "start/end: not a span (\(span.start)..<\(span.end))"))
            } else if let label, label.isLinked, !span.isTitle, span.entity == nil {
              problems.append(
                StoreProblem(
                  file: path, line: line, message: "entity: missing for a \(span.label) span", severity: .warning))
              spans.append(span)
            } else {
              spans.append(span)
            }
          } catch {
            problems.append(StoreProblem(file: path, line: line, message: describeDecodingError(error)))
          }
        }
      }
    }
    return (spans, problems)
  }

  /// The knowledge base (`annotations/entities.jsonl`) and the workspace's
  /// rule files (`annotations/rules/*.jsonl`), added to a
  /// builder after the built-in ones. Problems in them are returned; the
  /// built-in rules keep working.
  public func addWorkspaceRules(to builder: inout RuleSetBuilder) -> [StoreProblem] {
    var problems: [StoreProblem] = []
    let knowledgeBase = "\(Self.folder)/entities.jsonl"
    if exists(knowledgeBase) {
      switch files.readText(knowledgeBase) {
      case .failure(let problem): problems.append(problem)
      case .success(let text): builder.add(jsonl: text, file: knowledgeBase, tier: .workspace, defaultType: "entity")
      }
    }
    for path in files.files(under: "\(Self.folder)/rules", suffix: ".jsonl", includeAnnotations: true) {
      switch files.readText(path) {
      case .failure(let problem): problems.append(problem)
      case .success(let text): builder.add(jsonl: text, file: path, tier: .workspace)
      }
    }
    return problems
  }

  /// The workspace's own tagger weights (`annotations/tagger-weights.bin`,
  /// written by `gloss train --root`), replacing the shipped ones; nil when
  /// there are none or they cannot be used (a problem says why).
  public static let taggerWeightsFile = "\(folder)/tagger-weights.bin"

  public func taggerWeights() -> (TaggerWeights?, [StoreProblem]) {
    guard exists(Self.taggerWeightsFile) else { return (nil, []) }
    switch files.read(Self.taggerWeightsFile) {
    case .failure(let problem): return (nil, [problem])
    case .success(let bytes):
      do {
        return (try TaggerWeights.load(bytes), [])
      } catch {
        return (nil, [StoreProblem(file: Self.taggerWeightsFile, message: "\(error); using the shipped weights")])
      }
    }
  }

  /// Built-in rules plus the workspace's (and analyst corrections, when
  /// given), compiled.
  public func ruleSet(corrections: [CorrectionRule] = []) -> (RuleSet, [StoreProblem]) {
    var builder = RuleSetBuilder.withBuiltIns  // parsed once per process
    var problems = addWorkspaceRules(to: &builder)
    if settings().0.tagger == false {
      builder.taggerWeights = nil
    } else {
      let (weights, weightProblems) = taggerWeights()
      if let weights { builder.taggerWeights = weights }
      problems += weightProblems
    }
    builder.add(corrections: corrections)
    let rules = builder.build()
    problems += rules.errors.map(StoreProblem.init(ruleError:))
    return (rules, problems)
  }
}
