/// True when `a` comes before `b` in natural order: digit runs compare as numbers, as file
/// managers and `ls -v` sort (frames of a directory, clips of a batch directory).
///
/// `frame2.png` precedes `frame10.png`; numbers of any length compare exactly (by value, then
/// by fewer leading zeros); other text compares by Unicode scalar values. Names that differ
/// only as `frame02` vs `frame2` are still totally ordered.
public func naturallyPrecedes(_ a: String, _ b: String) -> Bool {
    var i = a.unicodeScalars.makeIterator(), j = b.unicodeScalars.makeIterator()
    var left = i.next(), right = j.next()
    while let l = left, let r = right {
        if l.properties.numericType == .decimal && r.properties.numericType == .decimal,
            let lv = l.properties.numericValue, let rv = r.properties.numericValue, lv == lv.rounded(),
            rv == rv.rounded()
        {
            var ld: [Int] = [], rd: [Int] = []
            while let s = left, s.properties.numericType == .decimal, let v = s.properties.numericValue {
                ld.append(Int(v))
                left = i.next()
            }
            while let s = right, s.properties.numericType == .decimal, let v = s.properties.numericValue {
                rd.append(Int(v))
                right = j.next()
            }
            let lz = ld.prefix { $0 == 0 }.count, rz = rd.prefix { $0 == 0 }.count
            let ln = ld.dropFirst(lz), rn = rd.dropFirst(rz)
            if ln.count != rn.count { return ln.count < rn.count }
            if ln != rn { return ln.lexicographicallyPrecedes(rn) }
            if lz != rz { return lz < rz }
            continue
        }
        if l != r { return l.value < r.value }
        left = i.next()
        right = j.next()
    }
    return left == nil && right != nil
}
