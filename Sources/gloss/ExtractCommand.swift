import ArgumentParser
import Extraction
import Foundation

struct Extract: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Print the entities in text files.")

  @Argument(help: "Files or folders (folders expand to their *.txt files); - reads stdin.")
  var paths: [String] = []

  func run() throws {
    let extractor = Extractor(rules: .builtIn)
    for e in extractor.rules.errors { FileHandle.standardError.write(Data("\(e)\n".utf8)) }
    for path in paths {
      let text = try String(contentsOfFile: path, encoding: .utf8)
      for m in extractor.extract(text) {
        print("\(m.start)\t\(m.end)\t\(m.label.rawValue)\t\(m.text)\t\(m.entity ?? "")\t\(m.rule.id)")
      }
    }
  }
}
