namespace Pooling.Gpu.Tests;

/// <summary>The op names that torch_oracle.py understands.</summary>
public static class OracleOp
{
    /// <summary><c>F.max_pool2d</c>.</summary>
    public const string MaxPool2d = "max_pool2d";

    /// <summary><c>F.avg_pool2d</c>.</summary>
    public const string AvgPool2d = "avg_pool2d";

    /// <summary><c>F.adaptive_avg_pool2d</c>.</summary>
    public const string AdaptiveAvgPool2d = "adaptive_avg_pool2d";

    /// <summary><c>F.adaptive_max_pool2d</c>.</summary>
    public const string AdaptiveMaxPool2d = "adaptive_max_pool2d";

    /// <summary><c>x.mean((-2, -1), keepdim=True)</c>.</summary>
    public const string GlobalAvgPool2d = "global_avg_pool2d";

    /// <summary><c>F.adaptive_max_pool2d(x, 1)</c>.</summary>
    public const string GlobalMaxPool2d = "global_max_pool2d";
}
