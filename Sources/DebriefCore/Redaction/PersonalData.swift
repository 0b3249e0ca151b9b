/// Finds personal data in a piece of text: the detectors behind the `privacy/*` lint rules and
/// the redaction of public versions. Each returns character offsets into `Array(text)`, so the
/// lint rules can point at a column and the redactor can cut the value out.
public enum PersonalData {
    /// Domains that identify nobody (RFC 2606 and friends).
    public static let exampleDomains = [
        "example.com", "example.org", "example.net", "example.invalid", "test", "localhost", "invalid",
    ]

    public static func isExampleDomain(_ domain: String) -> Bool {
        exampleDomains.contains(where: { domain == $0 || domain.hasSuffix("." + $0) })
    }

    /// E-mail addresses outside the example domains (all of them with `includingExamples`).
    public static func emails(_ chars: [Character], includingExamples: Bool = false) -> [Range<Int>] {
        var found: [Range<Int>] = []
        for (i, c) in chars.enumerated() where c == "@" && i > 0 {
            var start = i
            while start > 0, SecretRules.isAlnum(chars[start - 1]) || "._%+-".contains(chars[start - 1]) {
                start -= 1
            }
            var end = i + 1
            while end < chars.count, SecretRules.isAlnum(chars[end]) || ".-".contains(chars[end]) { end += 1 }
            while end > i + 1, chars[end - 1] == "." || chars[end - 1] == "-" { end -= 1 }
            guard start < i, end > i + 1 else { continue }
            let domain = String(chars[(i + 1)..<end]).lowercased()
            let labels = domain.split(separator: ".")
            guard labels.count >= 2, let tld = labels.last, tld.count >= 2, tld.allSatisfy(\.isLetter) else {
                continue
            }
            if !includingExamples, isExampleDomain(domain) { continue }
            found.append(start..<end)
        }
        return found
    }

    /// Parses a dotted quad at `start`; returns its octets and length.
    public static func ipv4(_ chars: [Character], at start: Int) -> (octets: [Int], length: Int)? {
        var octets: [Int] = []
        var i = start
        while octets.count < 4 {
            var digits = 0
            var value = 0
            while i < chars.count, let d = chars[i].wholeNumberValue, chars[i].isASCII, digits < 3 {
                value = value * 10 + d
                digits += 1
                i += 1
            }
            guard digits > 0, value <= 255 else { return nil }
            octets.append(value)
            if octets.count < 4 {
                guard i < chars.count, chars[i] == "." else { return nil }
                i += 1
            }
        }
        if i < chars.count, chars[i].isNumber || (chars[i] == "." && i + 1 < chars.count && chars[i + 1].isNumber) {
            return nil
        }
        return (octets, i - start)
    }

    /// Addresses that identify nobody: loopback, unspecified, broadcast and the documentation
    /// ranges of RFC 5737.
    public static func isHarmless(_ o: [Int]) -> Bool {
        (o[0] == 127) || o.allSatisfy { $0 == 0 } || (o[0] == 192 && o[1] == 0 && o[2] == 2)
            || (o[0] == 198 && o[1] == 51 && o[2] == 100) || (o[0] == 203 && o[1] == 0 && o[2] == 113)
            || o == [255, 255, 255, 255]
    }

    /// Private and shared address space (RFC 1918, RFC 6598, link-local): the inside of a network.
    public static func isPrivate(_ o: [Int]) -> Bool {
        o[0] == 10 || (o[0] == 172 && (16...31).contains(o[1])) || (o[0] == 192 && o[1] == 168)
            || (o[0] == 100 && (64...127).contains(o[1])) || (o[0] == 169 && o[1] == 254)
    }

    /// Every IPv4 address that is not harmless, with its octets.
    public static func ipAddresses(_ chars: [Character]) -> [(range: Range<Int>, octets: [Int])] {
        var found: [(Range<Int>, [Int])] = []
        var i = 0
        while i < chars.count {
            let boundary = i == 0 || !(chars[i - 1].isNumber || chars[i - 1] == "." || chars[i - 1].isLetter)
            if boundary, chars[i].isNumber, let (octets, length) = ipv4(chars, at: i) {
                if !isHarmless(octets) { found.append((i..<i + length, octets)) }
                i += length
            } else {
                i += 1
            }
        }
        return found
    }

    public static func luhn(_ digits: [Int]) -> Bool {
        var sum = 0
        for (index, digit) in digits.reversed().enumerated() {
            if index % 2 == 1 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        return sum % 10 == 0
    }

    /// Runs of digits with single spaces or dashes between groups, starting at a word start:
    /// (range, digits).
    static func digitGroups(_ chars: [Character], separators: String = " -") -> [(Range<Int>, [Int])] {
        var found: [(Range<Int>, [Int])] = []
        var i = 0
        while i < chars.count {
            guard chars[i].isASCII, chars[i].isNumber, i == 0 || !(chars[i - 1].isNumber || chars[i - 1].isLetter)
            else {
                i += 1
                continue
            }
            var digits: [Int] = []
            var j = i
            while j < chars.count {
                if chars[j].isASCII, let d = chars[j].wholeNumberValue {
                    digits.append(d)
                    j += 1
                } else if separators.contains(chars[j]), j + 1 < chars.count, chars[j + 1].isASCII,
                    chars[j + 1].isNumber, !digits.isEmpty
                {
                    j += 1
                } else {
                    break
                }
            }
            let isolated = j >= chars.count || !(chars[j].isLetter || chars[j].isNumber)
            if isolated { found.append((i..<j, digits)) }
            i = max(j, i + 1)
        }
        return found
    }

    /// Payment card numbers: 13–19 digits passing the Luhn check.
    public static func cardNumbers(_ chars: [Character]) -> [Range<Int>] {
        digitGroups(chars).compactMap { range, digits in
            (13...19).contains(digits.count) && Set(digits).count > 1 && luhn(digits) ? range : nil
        }
    }

    /// Phone numbers in the two shapes that are unambiguous in prose: international (`+` and
    /// 8–15 digits in groups) and North American (`(415) 555-0134`, `415-555-0134`).
    public static func phoneNumbers(_ chars: [Character]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var i = 0
        while i < chars.count {
            defer { i += 1 }
            let atStart = i == 0 || !(chars[i - 1].isLetter || chars[i - 1].isNumber)
            guard atStart else { continue }
            if chars[i] == "+", i + 1 < chars.count, chars[i + 1].isNumber {
                var j = i + 1
                var digits = 0
                while j < chars.count {
                    if chars[j].isASCII, chars[j].isNumber {
                        digits += 1
                    } else if " -.()".contains(chars[j]), j + 1 < chars.count,
                        chars[j + 1].isNumber || chars[j + 1] == "("
                    {
                    } else {
                        break
                    }
                    j += 1
                }
                if (8...15).contains(digits), j >= chars.count || !chars[j].isLetter {
                    found.append(i..<j)
                    i = j
                }
            } else if chars[i] == "(" || chars[i].isNumber {
                // (ddd) ddd-dddd or ddd-ddd-dddd, and nothing more digits either side.
                let shape = chars[i] == "(" ? Array("(ddd) ddd-dddd") : Array("ddd-ddd-dddd")
                guard i + shape.count <= chars.count else { continue }
                var fits = true
                for (k, s) in shape.enumerated() {
                    let c = chars[i + k]
                    if s == "d" ? !(c.isASCII && c.isNumber) : c != s {
                        fits = false
                        break
                    }
                }
                let end = i + shape.count
                if fits, end >= chars.count || !(chars[end].isNumber || chars[end].isLetter || chars[end] == "-") {
                    found.append(i..<end)
                    i = end
                }
            }
        }
        return found
    }

    /// National identifiers whose shape cannot be mistaken: US social security numbers
    /// (`ddd-dd-dddd` in the issued ranges), UK national insurance numbers (`AB 12 34 56 C`) and
    /// IBANs (mod-97 checked).
    public static func nationalIDs(_ chars: [Character]) -> [(range: Range<Int>, kind: String)] {
        var found: [(Range<Int>, String)] = []
        var i = 0
        func digits(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= chars.count else { return nil }
            var value = 0
            for k in from..<from + count {
                guard chars[k].isASCII, let d = chars[k].wholeNumberValue else { return nil }
                value = value * 10 + d
            }
            return value
        }
        while i < chars.count {
            defer { i += 1 }
            guard i == 0 || !(chars[i - 1].isLetter || chars[i - 1].isNumber || chars[i - 1] == "-") else { continue }
            // SSN
            if let area = digits(i, 3), i + 11 <= chars.count, chars[i + 3] == "-", let group = digits(i + 4, 2),
                chars[i + 6] == "-", let serial = digits(i + 7, 4),
                i + 11 == chars.count || !(chars[i + 11].isNumber || chars[i + 11].isLetter || chars[i + 11] == "-"),
                area != 0, area != 666, area < 900, group != 0, serial != 0
            {
                found.append((i..<i + 11, "social security number"))
                i += 10
                continue
            }
            // NINO: two letters, six digits (optionally in pairs), a letter A–D.
            if let nino = nationalInsurance(chars, at: i) {
                found.append((i..<i + nino, "national insurance number"))
                i += nino - 1
                continue
            }
            if let iban = iban(chars, at: i) {
                found.append((i..<i + iban, "bank account number"))
                i += iban - 1
            }
        }
        return found
    }

    static func isUpperLetter(_ c: Character) -> Bool { c.isASCII && c.isUppercase }

    static func nationalInsurance(_ chars: [Character], at i: Int) -> Int? {
        guard i + 9 <= chars.count, isUpperLetter(chars[i]), isUpperLetter(chars[i + 1]),
            !"DFIQUV".contains(chars[i]), !"DFIOQUV".contains(chars[i + 1]),
            !["BG", "GB", "NK", "KN", "TN", "NT", "ZZ"].contains(String(chars[i...i + 1]))
        else { return nil }
        var j = i + 2
        var count = 0
        while count < 6, j < chars.count {
            if chars[j] == " ", count % 2 == 0, count > 0 || j == i + 2 {
                j += 1
                continue
            }
            guard chars[j].isASCII, chars[j].isNumber else { return nil }
            count += 1
            j += 1
        }
        guard count == 6 else { return nil }
        if j < chars.count, chars[j] == " " { j += 1 }
        guard j < chars.count, "ABCD".contains(chars[j]) else { return nil }
        j += 1
        guard j == chars.count || !(chars[j].isLetter || chars[j].isNumber) else { return nil }
        return j - i
    }

    static func iban(_ chars: [Character], at i: Int) -> Int? {
        guard i + 15 <= chars.count, isUpperLetter(chars[i]), isUpperLetter(chars[i + 1]), chars[i + 2].isNumber,
            chars[i + 3].isNumber
        else { return nil }
        var compact: [Character] = []
        var j = i
        while j < chars.count, compact.count < 34 {
            let c = chars[j]
            if c.isASCII, c.isNumber || isUpperLetter(c) {
                compact.append(c)
                j += 1
            } else if c == " ", j + 1 < chars.count, chars[j + 1].isASCII,
                chars[j + 1].isNumber || isUpperLetter(chars[j + 1]), compact.count % 4 == 0
            {
                j += 1
            } else {
                break
            }
        }
        guard compact.count >= 15, j == chars.count || !(chars[j].isLetter || chars[j].isNumber) else { return nil }
        // Move the first four to the end, letters to numbers, mod 97 must be 1.
        var remainder = 0
        for c in compact[4...] + compact[..<4] {
            let value = c.isNumber ? c.wholeNumberValue! : Int(c.asciiValue! - 55)
            remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97
        }
        return remainder == 1 ? j - i : nil
    }
}
