using System.Text;
using Pooling.Gpu.Bench.Cases;

namespace Pooling.Gpu.Bench.Cpu;

/// <summary>
/// The ONNX node that does a <see cref="TorchPeer"/>'s work, where ONNX has one: MaxPool (with its
/// optional int64 Indices output), AveragePool, GlobalAveragePool. ONNX has no adaptive pooling
/// and ONNX Runtime no backward: those peers have none.
/// </summary>
/// <param name="OpType">The ONNX operator.</param>
/// <param name="Attributes">Its attributes, all integers or lists of them.</param>
/// <param name="Indices">Whether the node also outputs MaxPool's Indices.</param>
internal sealed record OnnxNode(string OpType, IReadOnlyList<OnnxAttribute> Attributes, bool Indices)
{
    /// <summary>The node for <paramref name="peer"/>, or null where ONNX Runtime has none.</summary>
    internal static OnnxNode? For(TorchPeer peer)
    {
        if (peer.Backward || peer.ChannelsLast)
        {
            return null;
        }

        return peer.Op switch
        {
            "max_pool2d" => new("MaxPool", [.. Window(peer), new("dilations", Ints(peer, "dilation"))], peer.Indices),
            "avg_pool2d" when !peer.Params.ContainsKey("divisor_override") =>
                new("AveragePool", [.. Window(peer), Flag(peer, "count_include_pad")], false),
            "global_avg_pool2d" => new("GlobalAveragePool", [], false),
            _ => null,
        };
    }

    /// <summary>kernel_shape, strides, pads (ONNX: both begins, then both ends) and ceil_mode from PyTorch's params.</summary>
    private static IEnumerable<OnnxAttribute> Window(TorchPeer peer)
    {
        long[] padding = Ints(peer, "padding");
        yield return new("kernel_shape", Ints(peer, "kernel_size"));
        yield return new("strides", Ints(peer, "stride"));
        yield return new("pads", [.. padding, .. padding]);
        yield return Flag(peer, "ceil_mode");
    }

    private static long[] Ints(TorchPeer peer, string name) => [.. ((int[])peer.Params[name]).Select(v => (long)v)];

    private static OnnxAttribute Flag(TorchPeer peer, string name) => new(name, [(bool)peer.Params[name] ? 1 : 0], IsList: false);
}

/// <summary>An integer attribute of an ONNX node: a list (INTS), or one value (INT) where the operator wants one.</summary>
internal sealed record OnnxAttribute(string Name, long[] Values, bool IsList = true);

/// <summary>
/// A one-node ONNX model, encoded in ONNX's protobuf format here (onnx.proto: ModelProto,
/// GraphProto, NodeProto, AttributeProto, ValueInfoProto), so that the bench needs no ONNX
/// package and no model file: input "x" (float), output "y" (float) and, for MaxPool with
/// indices, "i" (int64).
/// </summary>
internal static class OnnxModel
{
    // onnx.proto's numbers: IR version 7 with opset 13 has every operator used here.
    private const long IrVersion = 7;
    private const long Opset = 13;
    private const int Float = 1;
    private const int Int64 = 7;
    private const int IntAttribute = 2;
    private const int IntsAttribute = 7;

    internal static byte[] Encode(OnnxNode node, long[] input, long[] output)
    {
        string[] outputs = node.Indices ? ["y", "i"] : ["y"];
        var model = new Proto()
            .Int(1, IrVersion)
            .String(2, "Pooling.Gpu.Bench")
            .Message(7, graph =>
            {
                graph.Message(1, n =>
                {
                    n.String(1, "x");
                    foreach (string name in outputs)
                    {
                        n.String(2, name);
                    }

                    n.String(3, "pool").String(4, node.OpType);
                    foreach (var attribute in node.Attributes)
                    {
                        n.Message(5, a =>
                        {
                            a.String(1, attribute.Name).Int(20, attribute.IsList ? IntsAttribute : IntAttribute);
                            foreach (long value in attribute.Values)
                            {
                                a.Int(attribute.IsList ? 8 : 3, value);
                            }
                        });
                    }
                });
                graph.String(2, "pool").Message(11, v => ValueInfo(v, "x", Float, input)).Message(12, v => ValueInfo(v, "y", Float, output));
                if (node.Indices)
                {
                    graph.Message(12, v => ValueInfo(v, "i", Int64, output));
                }
            })
            .Message(8, opset => opset.String(1, "").Int(2, Opset));
        return model.ToArray();
    }

    /// <summary>ValueInfoProto: a name and a dense tensor type (TypeProto.Tensor: element type, shape).</summary>
    private static void ValueInfo(Proto value, string name, int elementType, long[] shape) =>
        value.String(1, name).Message(2, type => type.Message(1, tensor => tensor.Int(1, elementType).Message(2, dims =>
        {
            foreach (long size in shape)
            {
                dims.Message(1, dim => dim.Int(1, size));
            }
        })));

    /// <summary>A protobuf message writer: varint fields and length-delimited ones, in the order written.</summary>
    private sealed class Proto
    {
        private readonly MemoryStream bytes = new();

        internal Proto Int(int field, long value)
        {
            Varint((ulong)field << 3);
            Varint((ulong)value);
            return this;
        }

        internal Proto String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        internal Proto Message(int field, Action<Proto> body)
        {
            var message = new Proto();
            body(message);
            return Bytes(field, message.ToArray());
        }

        internal byte[] ToArray() => bytes.ToArray();

        private Proto Bytes(int field, byte[] value)
        {
            Varint(((ulong)field << 3) | 2);
            Varint((ulong)value.Length);
            bytes.Write(value);
            return this;
        }

        private void Varint(ulong value)
        {
            for (; value >= 0x80; value >>= 7)
            {
                bytes.WriteByte((byte)(value | 0x80));
            }

            bytes.WriteByte((byte)value);
        }
    }
}
