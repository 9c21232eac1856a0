import Dispatch
import Extraction
import Store

/// One document's text and what extraction found in it.
public struct DocumentResult: Sendable {
  public var path: String
  public var text: String
  public var mentions: [Mention]
  /// Line starts (scalar offsets), for `file:line` in reports.
  public var lineStarts: [Int]

  public init(path: String, text: String, mentions: [Mention]) {
    self.path = path
    self.text = text
    self.mentions = mentions
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

/// Reads and extracts many documents, on every core. A file that cannot be
/// read or is not UTF-8 is a problem naming it; the others are processed.
public enum BatchExtraction {
  public static func run(
    paths: [String], store: AnnotationStore, extractor: Extractor,
    progress: (@Sendable (Int, Int) -> Void)? = nil
  ) -> (documents: [DocumentResult], problems: [StoreProblem]) {
    let results = ResultSlots<Result<DocumentResult, StoreProblem>>(count: paths.count)
    let done = Counter()
    DispatchQueue.concurrentPerform(iterations: paths.count) { index in
      let path = paths[index]
      let result = store.files.readText(path).map { text in
        DocumentResult(path: path, text: text, mentions: extractor.extract(text, document: path))
      }
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
  public static func run(texts: [(path: String, text: String)], extractor: Extractor) -> [DocumentResult] {
    let results = ResultSlots<DocumentResult>(count: texts.count)
    DispatchQueue.concurrentPerform(iterations: texts.count) { index in
      let (path, text) = texts[index]
      results.set(index, DocumentResult(path: path, text: text, mentions: extractor.extract(text, document: path)))
    }
    return results.values.compactMap { $0 }
  }
}
