import Foundation
import FrameFinderMath

extension Model {
    /// The model as safetensors: every tensor as F32 (vectors as `1 × n`) and the settings
    /// in `__metadata__`.
    public var safeTensors: SafeTensors {
        var tensors: [String: NPYArray] = [:]
        for name in parameters.names { tensors[name] = parameters[name].npyArray }
        return SafeTensors(tensors: tensors, metadata: settings.metadata)
    }

    /// Writes the model file atomically.
    ///
    /// - Throws: `ModelError.invalidFile` when it cannot be written.
    public func save(to url: URL) throws(ModelError) {
        do { try safeTensors.write(to: url) } catch {
            throw .invalidFile(path: url.path, reason: "cannot write model (\(error))")
        }
    }

    /// Reads a model file, checking its format version, settings, and every tensor's
    /// presence, shape and finiteness.
    ///
    /// - Throws: `ModelError.invalidFile` naming the file and the problem (truncated, not
    ///   safetensors, wrong dtype or shape, missing tensor, bad settings).
    public init(contentsOf url: URL) throws(ModelError) {
        let file: SafeTensors
        do { file = try SafeTensors(contentsOf: url) } catch let error as FileError {
            throw .invalidFile(path: url.path, reason: error.reason)
        } catch {
            throw .invalidFile(path: url.path, reason: "\(error)")
        }
        try self.init(safeTensors: file, path: url.path)
    }

    /// A model from parsed safetensors; `path` names the file in errors.
    ///
    /// - Throws: `ModelError.invalidFile` naming `path` and the setting or tensor at fault.
    public init(safeTensors file: SafeTensors, path: String) throws(ModelError) {
        do throws(ModelError) {
            let settings = try ModelSettings(metadata: file.metadata)
            var parameters = ParameterSet()
            for name in file.tensors.keys.sorted() {
                guard let matrix = file.tensors[name]!.matrix else {
                    throw ModelError.invalidTensor(name: name, reason: "is not 1-D or 2-D")
                }
                parameters[name] = matrix
            }
            try self.init(settings: settings, parameters: parameters)
        } catch {
            throw error.located(in: path)
        }
    }
}
