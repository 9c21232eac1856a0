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
  /// What the rules (and tagger) read before the corrections pass, when the
  /// pass changed it (nil: the same as `mentions`): a new corrections pass
  /// with the same extractor starts from it instead of extracting again.
  public var ruleMentions: [Mention]?
  /// Line starts (scalar offsets), for `file:line` in reports.
  public var lineStarts: [Int]
  /// The document's words, hashed (`Extractor.wordKeys`): the index's word
  /// index files it under them (empty when the reader was not asked for them).
  public var words: [UInt32]

  public init(
    path: String, text: String, mentions: [Mention], rejected: [RejectedSpan] = [], words: [UInt32] = []
  ) {
    self.path = path
    self.text = text
    self.mentions = mentions
    self.rejected = rejected
    self.words = words
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

  /// - Parameter words: also hash the document's words (`DocumentResult.words`),
  ///   for the workspace index.
  public func read(_ text: String, path: String, words: Bool = false) -> DocumentResult {
    guard words else { return correct(extractor.extract(text), text: text, path: path) }
    let (ruleMentions, wordKeys) = extractor.extractWithWordKeys(text)
    var result = correct(ruleMentions, text: text, path: path)
    result.words = wordKeys
    return result
  }

  /// The corrections pass alone over what this reader's extractor read in
  /// a text (`DocumentResult.ruleMentions`, else its mentions): what
  /// `read` gives, without extracting again.
  public func correct(_ ruleMentions: [Mention], text: String, path: String) -> DocumentResult {
    let (mentions, rejected) = corrections.apply(
      to: ruleMentions, text: text, path: path, tokens: { extractor.tokens(text) })
    var result = DocumentResult(path: path, text: text, mentions: mentions, rejected: rejected)
    // An untouched document gets the very same array back: compared in O(1).
    if !rejected.isEmpty || mentions != ruleMentions { result.ruleMentions = ruleMentions }
    return result
  }
}

/// Reads and extracts many documents, on every core. A file that cannot be
/// read or is not UTF-8 is a problem naming it; the others are processed.
public enum BatchExtraction {
  public static func run(
    paths: [String], store: AnnotationStore, reader: DocumentReader, words: Bool = false,
    progress: (@Sendable (Int, Int) -> Void)? = nil
  ) -> (documents: [DocumentResult], problems: [StoreProblem]) {
    let results = ResultSlots<Result<DocumentResult, StoreProblem>>(count: paths.count)
    let done = Counter()
    DispatchQueue.concurrentPerform(iterations: paths.count) { index in
      let path = paths[index]
      let result = store.files.readText(path).map { reader.read($0, path: path, words: words) }
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
  public static func run(
    texts: [(path: String, text: String)], reader: DocumentReader, words: Bool = false
  ) -> [DocumentResult] {
    let results = ResultSlots<DocumentResult>(count: texts.count)
    DispatchQueue.concurrentPerform(iterations: texts.count) { index in
      let (path, text) = texts[index]
      results.set(index, reader.read(text, path: path, words: words))
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
