import Testing

@testable import RuminateCrawl

@Suite struct ContentTypeTests {
    @Test(
        arguments: [
            ("text/html; charset=ISO-8859-1", "text/html", "ISO-8859-1"),
            ("Text/HTML;Charset=\"Shift_JIS\"", "text/html", "Shift_JIS"),
            ("text/plain; format=flowed; charset=koi8-r", "text/plain", "koi8-r"),
            ("text/html", "text/html", nil),
            ("text/html; charset=", "text/html", nil),
            ("text/html; charset=\"\"", "text/html", nil),
            ("application/xml; foo=bar", "application/xml", nil),
            ("", nil, nil),
            ("; charset=utf-8", nil, "utf-8"),
        ] as [(String, String?, String?)])
    func mediaTypeAndCharset(_ header: String, _ type: String?, _ charset: String?) {
        #expect(FetchResponse.mediaType(of: header) == type)
        #expect(FetchResponse.charset(of: header) == charset)
    }
}
