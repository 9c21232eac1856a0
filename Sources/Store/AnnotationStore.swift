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
  /// The date relative dates are resolved against, when a document's text
  /// gives none: `"2019-11-22"`, or per document
  /// `{"seeds/a.txt": "2019-11-22", "default": "2019-11-20"}`.
  public var documentDate: DocumentDates?

  public init(corpus: [String]? = nil, author: String? = nil, inlayHints: Bool? = nil, tagger: Bool? = nil) {
    self.corpus = corpus
    self.author = author
    self.inlayHints = inlayHints
    self.tagger = tagger
  }
}

/// `documentDate` in `gloss.json`: one date for every document, or dates by
/// document path with an optional `default`.
public struct DocumentDates: Codable, Sendable, Equatable {
  public var byPath: [String: CalendarDate]
  public var fallback: CalendarDate?

  public init(byPath: [String: CalendarDate] = [:], fallback: CalendarDate? = nil) {
    self.byPath = byPath
    self.fallback = fallback
  }

  /// The date given for a document (its own, else the default).
  public func date(for path: String) -> CalendarDate? { byPath[path] ?? fallback }

  struct Key: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  static func parse(_ text: String) throws -> CalendarDate {
    guard let date = CalendarDate(iso: text) else {
      throw DecodingError.dataCorrupted(
        DecodingError.Context(codingPath: [], debugDescription: "\"\(text)\" is not a date (YYYY-MM-DD)"))
    }
    return date
  }

  public init(from decoder: Decoder) throws {
    if let single = try? decoder.singleValueContainer().decode(String.self) {
      self.init(fallback: try Self.parse(single))
      return
    }
    let container = try decoder.container(keyedBy: Key.self)
    var byPath: [String: CalendarDate] = [:]
    var fallback: CalendarDate?
    for key in container.allKeys {
      let date = try Self.parse(try container.decode(String.self, forKey: key))
      if key.stringValue == "default" { fallback = date } else { byPath[key.stringValue] = date }
    }
    self.init(byPath: byPath, fallback: fallback)
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: Key.self)
    if let fallback { try container.encode(fallback.description, forKey: Key(stringValue: "default")) }
    for (path, date) in byPath.sorted(by: { $0.key < $1.key }) {
      try container.encode(date.description, forKey: Key(stringValue: path))
    }
  }
}

/// The annotation store's read side over `annotations/` at the workspace root.
public struct AnnotationStore: Sendable {
  public let files: FileAccess
  public static let folder = "annotations"

  public init(root: URL) { files = FileAccess(root: root) }

  public var root: URL { files.root }

  private func exists(_ relative: String) -> Bool { files.exists(relative) }

  /// A JSON Lines file of the store, read line by line (see `JSONLines`):
  /// its text and the problems of lines that are not UTF-8.
  func readLines(_ path: String) -> Result<(text: String, problems: [StoreProblem]), StoreProblem> {
    files.read(path).map { JSONLines.text($0, file: path) }
  }

  public func settings() -> (Settings, [StoreProblem]) {
    let path = "\(Self.folder)/gloss.json"
    guard exists(path) else { return (Settings(), []) }
    switch files.readText(path) {
    case .failure(let problem): return (Settings(), [problem])
    case .success(var text):
      if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }  // a byte-order mark
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
  public func corpusPaths(_ settings: Settings) -> [String] { corpus(settings).paths }

  /// The corpus and the problems met listing it: a folder that leaves the
  /// root or cannot be read, a FIFO or device named `*.txt`, a link outside.
  public func corpus(_ settings: Settings) -> (paths: [String], problems: [StoreProblem]) {
    var paths = Set<String>()
    var problems: [StoreProblem] = []
    for folder in settings.corpus ?? [""] {
      let listed = files.list(under: folder, suffix: ".txt")
      paths.formUnion(listed.paths)
      problems += listed.problems
    }
    return (paths.sorted(), problems)
  }

  /// Spans of every `*.jsonl` under a folder (the gold folder by default).
  public func spans(in folder: String = "\(folder)/gold") -> (spans: [SpanRecord], problems: [StoreProblem]) {
    var spans: [SpanRecord] = []
    var problems: [StoreProblem] = []
    let listed = files.list(under: folder, suffix: ".jsonl", includeAnnotations: true)
    problems += listed.problems
    for path in listed.paths {
      switch files.read(path) {
      case .failure(let problem): problems.append(problem)
      case .success(let bytes):
        let (records, lineProblems) = JSONLines.parse(bytes, file: path)
        problems += lineProblems
        for (line, value) in records {
          do {
            let span = try value.decode(SpanRecord.self)
            let label = EntityLabel(rawValue: span.label)
            if files.url(of: span.doc) == nil {
              problems.append(
                StoreProblem(file: path, line: line, message: "doc: \"\(span.doc)\" is outside the workspace root"))
            } else if label == nil {
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
      switch readLines(knowledgeBase) {
      case .failure(let problem): problems.append(problem)
      case .success(let (text, lineProblems)):
        problems += lineProblems
        builder.add(jsonl: text, file: knowledgeBase, tier: .workspace, defaultType: "entity")
      }
    }
    let rules = "\(Self.folder)/rules"
    let listed: (paths: [String], problems: [StoreProblem]) =
      exists(rules) ? files.list(under: rules, suffix: ".jsonl", includeAnnotations: true) : ([], [])
    problems += listed.problems
    for path in listed.paths {
      switch readLines(path) {
      case .failure(let problem): problems.append(problem)
      case .success(let (text, lineProblems)):
        problems += lineProblems
        builder.add(jsonl: text, file: path, tier: .workspace)
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

  /// Built-in rules plus the workspace's, compiled, with the tagger's
  /// weights (the workspace's own, else the shipped ones; none when
  /// `gloss.json` says `"tagger": false`).
  public func ruleSet() -> (RuleSet, [StoreProblem]) {
    var builder = RuleSetBuilder()
    RuleSet.builtInFiles(into: &builder)
    var problems = addWorkspaceRules(to: &builder)
    if settings().0.tagger == false {
      builder.taggerWeights = nil
    } else {
      let (weights, weightProblems) = taggerWeights()
      if let weights { builder.taggerWeights = weights }
      problems += weightProblems
    }
    let rules = builder.build()
    problems += rules.errors.map(StoreProblem.init(ruleError:))
    return (rules, problems)
  }
}
