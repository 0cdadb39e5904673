import FrameFinderMath

/// The metadata keys of `FrameDescriptorSettings`, all under the `frames.` prefix.
enum MetadataKey: String, CaseIterable {
    case frameSize = "frames.size"
    case thumbnail = "frames.thumbnail"
    case thumbnailColour = "frames.thumbnail.colour"
    case gradientCells = "frames.hog.cells"
    case gradientBins = "frames.hog.bins"
    case colourStatistics = "frames.colour_stats"
    case patchGrid = "frames.patches"
    case tokenWidth = "frames.token_width"

    /// The error about this key's `value`: `frames.key: is 'value': reason`.
    func error(_ value: String, _ reason: String) -> FileError {
        FileError(path: rawValue, reason: "is '\(value)': \(reason)")
    }
}

extension FrameDescriptorSettings {
    /// The start every key of these settings has in a model file's metadata.
    package static let metadataPrefix = "frames."

    /// The settings as string pairs for a safetensors `__metadata__` block.
    ///
    /// Keys start with `frames.`; sizes are `WxH`, disabled parts `none`, flags `true`/`false`;
    /// `frames.token_width` is recorded for readers and checked on the way back.
    /// `FrameDescriptorSettings(metadata:)` restores an equal value.
    public var metadata: [String: String] {
        [
            MetadataKey.frameSize.rawValue: frameSize.description,
            MetadataKey.thumbnail.rawValue: thumbnail.map { $0.size.description } ?? "none",
            MetadataKey.thumbnailColour.rawValue: thumbnail.map { $0.colour ? "rgb" : "grey" } ?? "none",
            MetadataKey.gradientCells.rawValue: gradientHistogram.map { $0.cells.description } ?? "none",
            MetadataKey.gradientBins.rawValue: gradientHistogram.map { String($0.bins) } ?? "none",
            MetadataKey.colourStatistics.rawValue: String(colourStatistics),
            MetadataKey.patchGrid.rawValue: patchGrid?.description ?? "none",
            MetadataKey.tokenWidth.rawValue: String(tokenWidth),
        ]
    }

    /// Reads settings from metadata written by `metadata`; keys not starting with `frames.`
    /// are ignored (the same dictionary holds other modules' settings).
    ///
    /// - Throws: `FileError` whose path is the missing, unknown or malformed `frames.` key,
    ///   the token width that does not match, or the key of the setting `validate()` refuses.
    public init(metadata: [String: String]) throws(FileError) {
        for key in metadata.keys where key.hasPrefix(Self.metadataPrefix) && MetadataKey(rawValue: key) == nil {
            throw FileError(path: key, reason: "is an unknown key")
        }
        func value(_ key: MetadataKey) throws(FileError) -> String {
            guard let text = metadata[key.rawValue] else { throw FileError(path: key.rawValue, reason: "is missing") }
            return text
        }
        func size(_ key: MetadataKey) throws(FileError) -> Size2D? {
            let text = try value(key)
            if text == "none" { return nil }
            guard let size = Size2D(text) else {
                throw key.error(text, "expected WxH with positive integers, or none")
            }
            return size
        }
        func bad(_ key: MetadataKey, _ reason: String) throws(FileError) -> Never {
            throw key.error(metadata[key.rawValue] ?? "", reason)
        }

        guard let frame = try size(.frameSize) else { try bad(.frameSize, "the frame size cannot be none") }
        var thumbnail: Thumbnail?
        let colour = try value(.thumbnailColour)
        if let thumbSize = try size(.thumbnail) {
            guard colour == "grey" || colour == "rgb" else { try bad(.thumbnailColour, "expected grey or rgb") }
            thumbnail = Thumbnail(size: thumbSize, colour: colour == "rgb")
        } else if colour != "none" {
            try bad(.thumbnailColour, "expected none when there is no thumbnail")
        }
        var histogram: GradientHistogram?
        let binsText = try value(.gradientBins)
        if let cells = try size(.gradientCells) {
            guard let bins = Int(binsText) else { try bad(.gradientBins, "expected an integer") }
            histogram = GradientHistogram(cells: cells, bins: bins)
        } else if binsText != "none" {
            try bad(.gradientBins, "expected none when there are no gradient cells")
        }
        let statsText = try value(.colourStatistics)
        guard let stats = Bool(statsText) else { try bad(.colourStatistics, "expected true or false") }
        let grid = try size(.patchGrid)

        self.init(
            frameSize: frame, thumbnail: thumbnail, gradientHistogram: histogram,
            colourStatistics: stats, patchGrid: grid)
        try validate()
        guard try value(.tokenWidth) == String(tokenWidth) else {
            try bad(.tokenWidth, "does not match the settings, which give \(tokenWidth)")
        }
    }
}
