import Foundation
import Store

/// The server notices changes on disk by itself — corpus files created,
/// changed or deleted, rule files edited — without relying on watched-file
/// events, which some clients (Neovim 0.7) never send. Before answering a
/// request it checks at most every `interval` seconds; the scan runs off the
/// worker and its findings are applied on it.
struct DiskSnapshot: Sendable, Equatable {
  var corpus: [String: FileFingerprint] = [:]
  var store: [String: FileFingerprint] = [:]

  static func take(_ store: AnnotationStore) -> DiskSnapshot {
    var snapshot = DiskSnapshot()
    let (settings, _) = store.settings()
    for path in store.corpusPaths(settings) { snapshot.corpus[path] = store.files.fingerprint(path) }
    for path in store.files.files(under: AnnotationStore.folder, suffix: "", includeAnnotations: true)
    where path.hasSuffix(".jsonl") || path.hasSuffix(".json") {
      snapshot.store[path] = store.files.fingerprint(path)
    }
    return snapshot
  }
}

extension LanguageServer {
  static let diskCheckInterval: TimeInterval = 2

  /// Called before each request; cheap when nothing is due.
  func checkDiskIfDue() {
    guard let store = workspace.store, !indexing, !diskCheckRunning else { return }
    let now = Date()
    guard now.timeIntervalSince(lastDiskCheck) >= Self.diskCheckInterval else { return }
    lastDiskCheck = now
    diskCheckRunning = true
    scheduler.background { [self] in
      let snapshot = DiskSnapshot.take(store)
      scheduler.worker { [self] in
        diskCheckRunning = false
        apply(snapshot)
      }
    }
  }

  /// Applies what changed between the last snapshot and this one.
  func apply(_ snapshot: DiskSnapshot) {
    defer { diskSnapshot = snapshot }
    guard let previous = diskSnapshot else { return }
    var changed = false
    if snapshot.store != previous.store {
      let changedFiles = Set(snapshot.store.keys).union(previous.store.keys).filter {
        snapshot.store[$0] != previous.store[$0]
      }
      reloadRules(onlyCorrections: changedFiles == [CorrectionLog.path])
      changed = true
    }
    for (path, fingerprint) in snapshot.corpus where previous.corpus[path] != fingerprint {
      workspace.reloadFromDisk(path: path)
      changed = true
    }
    for path in previous.corpus.keys where snapshot.corpus[path] == nil {
      if workspace.documents[path]?.isOpen != true { workspace.remove(path) }
      changed = true
    }
    if changed { afterWorkspaceChange() }
  }
}
