import FrameFinderMath

extension AudioFeatureSettings {
    /// The metadata keys, as they appear in a model file's `__metadata__`.
    enum Key {
        static let sampleRate = "audio.sample_rate"
        static let fftSize = "audio.n_fft"
        static let hopLength = "audio.hop_length"
        static let windowLength = "audio.win_length"
        static let melBands = "audio.n_mels"
        static let minFrequency = "audio.fmin"
        static let maxFrequency = "audio.fmax"
        static let logOffset = "audio.log_offset"
        static let trimDecibels = "audio.trim_db"
        static let maxInputRate = "audio.max_input_rate"
        static let soundTopDecibels = "audio.sound_top_db"
        static let soundFrameLength = "audio.sound_frame_length"
        static let soundFloor = "audio.sound_floor_dbfs"
        static let soundBackground = "audio.sound_background_db"
        static let soundMergeGap = "audio.sound_merge_gap"
        static let soundMargin = "audio.sound_margin"
        static let floorDecibels = "audio.floor_db"
        static let kind = "audio.feature"
        static let mfccCount = "audio.n_mfcc"
        static let normalization = "audio.normalization"
        static let tokenKind = "audio.tokens"
        static let tokenContext = "audio.token_context"
        static let tokenHop = "audio.token_hop"
        static let tokenSegments = "audio.token_segments"
        static let querySpeeds = "audio.query_speeds"
        /// The keys of each token kind's `parameters`, in order.
        static let tokenParameters = [
            "stacked": [tokenContext, tokenHop], "segments": [tokenSegments],
            "profile": [tokenSegments], "clip": [],
        ]
    }

    /// The start every key of these settings has in a model file's metadata.
    package static let metadataPrefix = "audio."

    /// The settings as string pairs for a safetensors `__metadata__` block.
    ///
    /// Numbers are written in Swift's shortest round-tripping form, so
    /// `AudioFeatureSettings(metadata: s.metadata) == s` for every valid `s`.
    public var metadata: [String: String] {
        var pairs: [String: String] = [
            Key.sampleRate: String(sampleRate),
            Key.fftSize: String(fftSize),
            Key.hopLength: String(hopLength),
            Key.windowLength: String(windowLength),
            Key.melBands: String(melBands),
            Key.minFrequency: String(minFrequency),
            Key.maxFrequency: String(maxFrequency),
            Key.logOffset: String(logOffset),
            Key.floorDecibels: String(floorDecibels),
            Key.kind: kind.rawValue,
            Key.mfccCount: String(mfccCount),
            Key.normalization: normalization.rawValue,
            Key.querySpeeds: querySpeeds.map { String($0) }.joined(separator: ","),
        ]
        if maxInputRate > 0 { pairs[Key.maxInputRate] = String(maxInputRate) }
        if let sound {
            pairs[Key.soundTopDecibels] = String(sound.topDecibels)
            pairs[Key.soundFrameLength] = String(sound.frameLength)
            pairs[Key.soundFloor] = String(sound.floorDBFS)
            pairs[Key.soundBackground] = String(sound.backgroundMargin)
            pairs[Key.soundMergeGap] = String(sound.mergeGap)
            pairs[Key.soundMargin] = String(sound.margin)
        }
        pairs[Key.tokenKind] = tokens.name
        for (key, value) in zip(Key.tokenParameters[tokens.name] ?? [], tokens.parameters) {
            pairs[key] = String(value)
        }
        return pairs
    }

    /// Reads settings written by `metadata`; keys that do not start with `audio.` are ignored.
    /// `audio.query_speeds`, `audio.floor_db` and the `audio.sound_*` keys may be absent (files
    /// written before they existed): the clip is then heard as recorded, uncut, with no
    /// relative floor. `audio.trim_db`, written by earlier versions, must be 0 when present.
    ///
    /// - Throws: `FileError` whose path is the first missing, malformed or out-of-range key.
    public init(metadata: [String: String]) throws(FileError) {
        func value(_ key: String) throws(FileError) -> String {
            guard let text = metadata[key] else { throw FileError(path: key, reason: "is missing") }
            return text
        }
        func integer(_ key: String) throws(FileError) -> Int {
            let text = try value(key)
            guard let number = Int(text) else { throw FileError(path: key, reason: "is not an integer: \"\(text)\"") }
            return number
        }
        func real(_ key: String) throws(FileError) -> Double {
            let text = try value(key)
            guard let number = Double(text), number.isFinite else {
                throw FileError(path: key, reason: "is not a finite number: \"\(text)\"")
            }
            return number
        }
        func choice<T: RawRepresentable & CaseIterable>(_ key: String, _: T.Type) throws(FileError) -> T
        where T.RawValue == String {
            let text = try value(key)
            guard let chosen = T(rawValue: text) else { throw unexpected(key, text, T.allCases.map(\.rawValue)) }
            return chosen
        }
        func unexpected(_ key: String, _ text: String, _ allowed: [String]) -> FileError {
            FileError(path: key, reason: "is \"\(text)\", expected one of \(allowed.joined(separator: ", "))")
        }

        self.init()
        sampleRate = try integer(Key.sampleRate)
        fftSize = try integer(Key.fftSize)
        hopLength = try integer(Key.hopLength)
        windowLength = try integer(Key.windowLength)
        melBands = try integer(Key.melBands)
        minFrequency = try real(Key.minFrequency)
        maxFrequency = try real(Key.maxFrequency)
        logOffset = try real(Key.logOffset)
        if metadata[Key.trimDecibels] != nil, try real(Key.trimDecibels) != 0 {
            throw FileError(path: Key.trimDecibels, reason: "is no longer supported: retrain with the sound detection")
        }
        if metadata[Key.maxInputRate] != nil { maxInputRate = try integer(Key.maxInputRate) }
        if metadata[Key.soundTopDecibels] != nil {
            var sound = SoundDetection()
            sound.topDecibels = try real(Key.soundTopDecibels)
            sound.frameLength = try integer(Key.soundFrameLength)
            sound.floorDBFS = Double(try value(Key.soundFloor)) ?? .nan
            sound.backgroundMargin = try real(Key.soundBackground)
            sound.mergeGap = try real(Key.soundMergeGap)
            sound.margin = try real(Key.soundMargin)
            self.sound = sound
        }
        if metadata[Key.floorDecibels] != nil { floorDecibels = try real(Key.floorDecibels) }
        kind = try choice(Key.kind, AudioFeatureKind.self)
        mfccCount = try integer(Key.mfccCount)
        normalization = try choice(Key.normalization, AudioNormalization.self)
        if let text = metadata[Key.querySpeeds] {
            let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            let speeds = parts.compactMap { Double($0) }.filter(\.isFinite)
            guard speeds.count == parts.count else {
                throw FileError(path: Key.querySpeeds, reason: "is not a list of numbers: \"\(text)\"")
            }
            querySpeeds = speeds
        }
        let name = try value(Key.tokenKind)
        var numbers: [Int] = []
        for key in Key.tokenParameters[name] ?? [] { numbers.append(try integer(key)) }
        guard let tokens = AudioTokenKind(name: name, parameters: numbers) else {
            throw unexpected(Key.tokenKind, name, AudioTokenKind.names)
        }
        self.tokens = tokens
        try validate()
    }
}
