import Foundation
import GlossTestSupport
import JSON
import Protocol
import Testing

/// The review queue as an editor walks it, over real pipes: the seeds'
/// uncertain tagger mentions are hint diagnostics with a stable code; the
/// analyst accepts the first, rejects the next, and each leaves the queue.
@Suite(.serialized) struct ReviewQueueOverPipes {
  func queue(_ session: PipeSession, _ path: String) -> [JSONValue] {
    let report = session.request("textDocument/diagnostic", ["textDocument": ["uri": .string(session.uri(path))]])
    return (report.at("result.items")?.arrayValue ?? []).filter { $0["code"] == "review-low-confidence" }
  }

  @Test func acceptAndRejectEmptyTheQueueOneByOne() throws {
    let root = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: root) }
    try FileManager.default.copyItem(
      at: repositoryRoot.appendingPathComponent("seeds"), to: root.appendingPathComponent("seeds"))
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent("annotations"), withIntermediateDirectories: true)
    let session = try PipeSession(root: root)
    defer { session.close() }
    let seeds = ["seeds/001_dbe25a89b6a06857.txt", "seeds/000_133120142ad60250.txt"]
    for path in seeds { try session.open(path) }
    let queues = seeds.map { queue(session, $0) }
    try #require(
      queues.allSatisfy { !$0.isEmpty }, "the shipped tagger is sure of every mention in a seed now: pick another text")
    #expect(queues.joined().allSatisfy { $0["severity"] == 4 })

    // Accept the first in one seed: it leaves the queue.
    let first = try #require(queues[0].first)
    let accepted = session.choose(
      "Accept: ", from: session.actions(seeds[0], first.at("range.start") ?? .null, first.at("range.end")))
    #expect(accepted?.at("result.correction") != nil)
    let afterAccept = queue(session, seeds[0])
    #expect(afterAccept.count == queues[0].count - 1)
    #expect(!afterAccept.contains { $0.at("range") == first.at("range") })

    // "Not an entity" on the first in the other: it leaves the queue too.
    let next = try #require(queue(session, seeds[1]).first)
    let rejected = session.choose(
      "Not an entity: ", from: session.actions(seeds[1], next.at("range.start") ?? .null, next.at("range.end")))
    #expect(rejected?.at("result.correction") != nil)
    let afterReject = queue(session, seeds[1])
    #expect(!afterReject.contains { $0.at("range") == next.at("range") })
  }
}
