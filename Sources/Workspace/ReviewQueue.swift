import Extraction

/// The review queue: mentions worth a second look. The tagger's mentions it
/// is less than 80% sure of (the threshold of the `uncertain` token
/// modifier) — and, through the workspace's findings, a surface form read
/// two ways. An analyst accepts one (an annotation of this mention) or
/// rejects it; either way it leaves the queue.
public enum ReviewQueue {
  public static let confidenceThreshold = 0.8
  /// The diagnostic code of a low-confidence mention: stable, for clients
  /// that filter on it.
  public static let lowConfidenceCode = "review-low-confidence"

  public static func needsReview(_ mention: Mention) -> Bool {
    mention.layer == .core && (mention.confidence ?? 1) < confidenceThreshold
  }
}

extension WorkspaceIndex {
  /// The document's mentions the tagger is less than 80% sure of.
  public func lowConfidenceMentions(in path: String) -> [Mention] {
    documents[path]?.mentions.filter(ReviewQueue.needsReview) ?? []
  }
}
