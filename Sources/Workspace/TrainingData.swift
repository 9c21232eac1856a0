import Extraction
import Foundation
import JSON
import Store

/// Annotated documents for training or measuring the tagger: a folder of
/// texts and a JSON Lines file of gold spans whose `doc` is a path under
/// that folder (the shared corpora's layout), or a workspace's own gold.
public enum TrainingData {
  /// Documents of `texts` named by the spans in `gold`, in name order.
  /// Documents without spans are left out (nothing says they were annotated).
  public static func load(
    texts: URL, gold: URL, annotates: Set<EntityLabel>
  ) -> (documents: [TrainingDocument], problems: [StoreProblem]) {
    let folder = FileAccess(root: texts)
    let goldFile = FileAccess(root: gold.deletingLastPathComponent())
    switch goldFile.readText(gold.lastPathComponent) {
    case .failure(let problem): return ([], [problem])
    case .success(let text):
      let (records, problems) = JSONLines.parse(text, file: gold.path)
      var spans: [SpanRecord] = []
      var all = problems
      for (line, value) in records {
        do {
          spans.append(try value.decode(SpanRecord.self))
        } catch {
          all.append(StoreProblem(file: gold.path, line: line, message: describeDecodingError(error)))
        }
      }
      let (documents, more) = documentsOf(spans, files: folder, annotates: annotates)
      return (documents, all + more)
    }
  }

  /// A workspace's gold documents (`annotations/gold`), which annotate every label.
  public static func workspaceGold(_ store: AnnotationStore) -> (
    documents: [TrainingDocument], problems: [StoreProblem]
  ) {
    let (spans, problems) = store.spans()
    let (documents, more) = documentsOf(spans, files: store.files, annotates: Set(EntityLabel.core))
    return (documents, problems + more)
  }

  static func documentsOf(
    _ spans: [SpanRecord], files: FileAccess, annotates: Set<EntityLabel>
  ) -> ([TrainingDocument], [StoreProblem]) {
    var byDocument: [String: [TrainingDocument.Gold]] = [:]
    for span in spans where !span.isTitle {
      guard let label = EntityLabel(rawValue: span.label) else { continue }
      byDocument[span.doc, default: []].append(.init(start: span.start, end: span.end, label: label))
    }
    var documents: [TrainingDocument] = []
    var problems: [StoreProblem] = []
    for name in byDocument.keys.sorted() {
      switch files.readText(name) {
      case .failure(let problem): problems.append(problem)
      case .success(let text):
        documents.append(TrainingDocument(name: name, text: text, spans: byDocument[name]!, annotates: annotates))
      }
    }
    return (documents, problems)
  }
}
