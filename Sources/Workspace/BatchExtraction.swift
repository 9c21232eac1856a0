import Dispatch
import Extraction
import Store

/// One document's text and what extraction found in it.
public struct DocumentResult: Sendable {
  public var path: String
  public var text: String
  public var mentions: [Mention]
  /// Where analyst rejections stopped a mention.
  public var rejected: [RejectedSpan]
  /// Line starts (scalar offsets), for `file:line` in reports.
  public var lineStarts: [Int]

  public init(path: String, text: String, mentions: [Mention], rejected: [RejectedSpan] = []) {
    self.path = path
    self.text = text
    self.mentions = mentions
    self.rejected = rejected
    var starts = [0]
    var offset = 0
    for scalar in text.unicodeScalars {
      offset += 1
      if scalar == "\n" { starts.append(offset) }
    }
    lineStarts = starts
  }

  /// The 1-based line of a scalar offset.
  public func line(of offset: Int) -> Int {
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
    }
    return low + 1
  }
}

/// What a document's mentions are: the rules' reading, then the analysts'
/// corrections over it. The one place both the server and the batch
/// commands get a document's mentions from, so `gloss extract` prints what
/// the editor shows.
public struct DocumentReader: Sendable {
  public let extractor: Extractor
  public let corrections: CorrectionSet

  public init(extractor: Extractor, corrections: CorrectionSet) {
    self.extractor = extractor
    self.corrections = corrections
  }

  /// The bare rules (and the shipped tagger, if any): no corrections.
  /// - Parameter minimumConfidence: tagger mentions less confident are left out.
  public init(rules: RuleSet, minimumConfidence: Float = Extractor.defaultMinimumConfidence) {
    self.init(rules: rules, records: [], minimumConfidence: minimumConfidence)
  }

  /// Rules and the corrections in force in `records`. The corrections are
  /// also the tagger's lessons (`WorkspaceIndex.taggerLessons`), replayed
  /// in log order, so the next similar name is found in any document.
  public init(
    rules: RuleSet, records: [(line: Int, record: CorrectionRecord)],
    minimumConfidence: Float = Extractor.defaultMinimumConfidence
  ) {
    let lessons = WorkspaceIndex.taggerLessons(records.map { ($0.line, $0.record) })
    var extractor = Extractor(rules: rules.learning(from: lessons))
    extractor.minimumConfidence = minimumConfidence
    self.extractor = extractor
    corrections = CorrectionSet(records: records, extractor: extractor)
  }

  /// The same reader drawing on other sources (the rules alone, the tagger alone).
  public func sources(_ sources: Extractor.Sources) -> DocumentReader {
    var extractor = self.extractor
    extractor.sources = sources
    return DocumentReader(extractor: extractor, corrections: corrections)
  }

  /// The same reader with another extension threshold (above 1: the
  /// tagger only fills gaps and never extends a rule's span).
  public func extending(above confidence: Float) -> DocumentReader {
    var extractor = self.extractor
    extractor.extensionConfidence = confidence
    return DocumentReader(extractor: extractor, corrections: corrections)
  }

  public func read(_ text: String, path: String) -> DocumentResult {
    let ruleMentions = extractor.extract(text)
    let (mentions, rejected) = corrections.apply(
      to: ruleMentions, text: text, path: path, tokens: { extractor.tokens(text) })
    return DocumentResult(path: path, text: text, mentions: mentions, rejected: rejected)
  }
}

/// Reads and extracts many documents, on every core. A file that cannot be
/// read or is not UTF-8 is a problem naming it; the others are processed.
public enum BatchExtraction {
  public static func run(
    paths: [String], store: AnnotationStore, reader: DocumentReader,
    progress: (@Sendable (Int, Int) -> Void)? = nil
  ) -> (documents: [DocumentResult], problems: [StoreProblem]) {
    let results = ResultSlots<Result<DocumentResult, StoreProblem>>(count: paths.count)
    let done = Counter()
    DispatchQueue.concurrentPerform(iterations: paths.count) { index in
      let path = paths[index]
      let result = store.files.readText(path).map { reader.read($0, path: path) }
      results.set(index, result)
      let finished = done.increment()
      progress?(finished, paths.count)
    }
    var documents: [DocumentResult] = []
    var problems: [StoreProblem] = []
    for result in results.values {
      switch result {
      case .success(let document): documents.append(document)
      case .failure(let problem): problems.append(problem)
      case nil: break
      }
    }
    return (documents, problems)
  }

  /// Extracts texts that are already in memory (stdin, tests).
  public static func run(texts: [(path: String, text: String)], reader: DocumentReader) -> [DocumentResult] {
    let results = ResultSlots<DocumentResult>(count: texts.count)
    DispatchQueue.concurrentPerform(iterations: texts.count) { index in
      let (path, text) = texts[index]
      results.set(index, reader.read(text, path: path))
    }
    return results.values.compactMap { $0 }
  }
}

extension AnnotationStore {
  /// The reader the server would use on this workspace: its rules and
  /// knowledge base, and (unless `corrections` is false) the corrections in
  /// force. Returns the problems of the rule files and of the log.
  public func documentReader(
    corrections: Bool = true, minimumConfidence: Float = Extractor.defaultMinimumConfidence
  ) -> (reader: DocumentReader, problems: [StoreProblem]) {
    let (rules, problems) = ruleSet()
    guard corrections else { return (DocumentReader(rules: rules, minimumConfidence: minimumConfidence), problems) }
    let (records, logProblems) = CorrectionLog(files: files).load()
    return (
      DocumentReader(rules: rules, records: records, minimumConfidence: minimumConfidence), problems + logProblems
    )
  }
}
