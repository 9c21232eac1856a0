import Workspace

/// Reading documents again after the reader changed (a correction, the
/// rules, the threshold), off the worker: each step is planned on the
/// worker (`WorkspaceIndex.nextJob`), read in the background and installed
/// on the worker in one task (`WorkspaceIndex.finish`), so requests never
/// wait for the reading and never see half of it. See ARCHITECTURE.md,
/// Reader generations.
extension LanguageServer {
  /// A partial step reading at most this much text (a phrase in a handful
  /// of documents: a few milliseconds) is read in the request that made
  /// the correction, so the next request sees it; a larger one runs in
  /// the background.
  static let inlineRereadBytes = 64 << 10

  /// Starts the next step towards the wanted reader, unless one runs.
  func startRereading() {
    guard let job = workspace.nextJob() else { return }
    if job.kind == .partial && job.bytes <= Self.inlineRereadBytes {
      if workspace.finish(WorkspaceIndex.run(job), job: job) { afterWorkspaceChange() } else { startRereading() }
      return
    }
    let scheduler = self.scheduler
    let run: @Sendable () -> Void = { [self] in
      let result = WorkspaceIndex.run(job)
      scheduler.worker { [self] in
        if workspace.finish(result, job: job) {
          afterWorkspaceChange()  // refreshes, diagnostics, and the next step
          publishStoreDiagnostics()
        } else {
          startRereading()
        }
      }
    }
    // A full step reads every document on one thread, at a lower priority.
    if job.kind == .full { scheduler.lowPriority(run) } else { scheduler.background(run) }
  }
}
