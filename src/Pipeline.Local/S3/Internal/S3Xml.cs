using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Pipeline.Local.S3;

/// <summary>Builds and parses the XML documents of the S3 REST API.</summary>
internal static class S3Xml
{
    public static readonly XNamespace Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    /// <summary>The largest XML request body read (DeleteObjects allows 1,000 keys of up to 1,024 bytes each).</summary>
    public const int MaxRequestBytes = 2 * 1024 * 1024;

    public static XElement Element(string name, params object?[] content) => new(Namespace + name, content);

    public static string Timestamp(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Quote(string etag) => etag.StartsWith('"') ? etag : $"\"{etag}\"";

    public static byte[] Serialize(XElement root)
    {
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false };
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, settings))
        {
            new XDocument(new XDeclaration("1.0", "UTF-8", null), root).Save(writer);
        }

        return stream.ToArray();
    }

    public static byte[] Error(S3Error error, string requestId, string hostId)
    {
        var root = new XElement("Error", new XElement("Code", error.Code), new XElement("Message", error.Message));
        foreach (var (name, value) in error.Details)
        {
            root.Add(new XElement(name, value));
        }

        root.Add(new XElement("RequestId", requestId), new XElement("HostId", hostId));
        return Serialize(root);
    }

    /// <summary>Parses a request body, rejecting DTDs; a malformed document is S3's <c>MalformedXML</c>.</summary>
    public static XElement Parse(byte[] body)
    {
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            using var reader = XmlReader.Create(new MemoryStream(body), settings);
            return XDocument.Load(reader).Root ?? throw S3Error.MalformedXml();
        }
        catch (XmlException)
        {
            throw S3Error.MalformedXml();
        }
    }

    /// <summary>Returns the child elements named <paramref name="localName"/> in any namespace; clients differ in whether they send S3's.</summary>
    public static IEnumerable<XElement> Children(XElement parent, string localName) =>
        parent.Elements().Where(element => element.Name.LocalName == localName);

    public static string? ChildValue(XElement parent, string localName) => Children(parent, localName).FirstOrDefault()?.Value;
}
