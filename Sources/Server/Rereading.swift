import Dispatch
import Workspace

/// Reading documents again after the reader changed (a correction, the
/// rules, the threshold), off the worker: each step is planned on the
/// worker (`WorkspaceIndex.nextJob`), read in the background and installed
/// on the worker in one task (`WorkspaceIndex.finish`), so requests never
/// wait for the reading and never see half of it. See ARCHITECTURE.md,
/// Reader generations.
extension LanguageServer {
  /// A step reading at most this much text (a phrase in a handful of
  /// documents, or a small workspace: a few milliseconds) is read in the
  /// request that made the correction, so the next request sees it, the
  /// tagger's lesson included; a larger one runs in the background.
  static let inlineRereadBytes = 64 << 10

  /// Starts the next step towards the wanted reader, unless one runs.
  func startRereading() {
    let started = DispatchTime.now().uptimeNanoseconds  // planning included
    guard let job = workspace.nextJob() else { return }
    if job.bytes <= Self.inlineRereadBytes {
      let result = WorkspaceIndex.run(job)
      if workspace.finish(result, job: job) {
        logStep(job, result, started)
        afterWorkspaceChange()
      } else {
        startRereading()
      }
      return
    }
    let scheduler = self.scheduler
    let run: @Sendable () -> Void = { [self] in
      let result = WorkspaceIndex.run(job)
      scheduler.worker { [self] in
        if workspace.finish(result, job: job) {
          logStep(job, result, started)
          afterWorkspaceChange()  // refreshes, diagnostics, and the next step
          publishStoreDiagnostics()
        } else {
          log(.debug, "a full re-reading was overtaken by a newer reader")
          startRereading()
        }
      }
    }
    // A full step reads every document on one thread, at a lower priority.
    if job.kind == .full { scheduler.lowPriority(run) } else { scheduler.background(run) }
  }

  /// One line per installed step (`make bench` reads it to time the full step).
  private func logStep(_ job: RereadJob, _ result: RereadResult?, _ started: UInt64) {
    let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
    log(
      .info,
      "reader generation \(workspace.readerGeneration): \(job.kind) step read \(result?.documentsRead ?? 0) documents, "
        + "\(result?.documentsChanged ?? 0) read differently, in \(Int(milliseconds)) ms "
        + "(reading \(Int(result?.milliseconds ?? 0)) ms)")
  }
}
