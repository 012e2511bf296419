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

    /// <summary><c>F.max_pool1d</c>.</summary>
    public const string MaxPool1d = "max_pool1d";

    /// <summary><c>F.max_pool3d</c>.</summary>
    public const string MaxPool3d = "max_pool3d";

    /// <summary><c>F.avg_pool1d</c>.</summary>
    public const string AvgPool1d = "avg_pool1d";

    /// <summary><c>F.avg_pool3d</c>.</summary>
    public const string AvgPool3d = "avg_pool3d";

    /// <summary><c>F.adaptive_avg_pool1d</c>.</summary>
    public const string AdaptiveAvgPool1d = "adaptive_avg_pool1d";

    /// <summary><c>F.adaptive_max_pool1d</c>.</summary>
    public const string AdaptiveMaxPool1d = "adaptive_max_pool1d";

    /// <summary><c>F.adaptive_avg_pool3d</c>.</summary>
    public const string AdaptiveAvgPool3d = "adaptive_avg_pool3d";

    /// <summary><c>F.adaptive_max_pool3d</c>.</summary>
    public const string AdaptiveMaxPool3d = "adaptive_max_pool3d";

    /// <summary><c>F.lp_pool1d</c>.</summary>
    public const string LPPool1d = "lp_pool1d";

    /// <summary><c>F.lp_pool2d</c>.</summary>
    public const string LPPool2d = "lp_pool2d";

    /// <summary>
    /// PyTorch 2.2's <c>F.lp_pool3d</c>; where torch lacks it (1.13), its definition composed from
    /// <c>F.avg_pool3d</c>, term by term.
    /// </summary>
    public const string LPPool3d = "lp_pool3d";

    /// <summary><c>F.max_unpool1d</c>, with the case's indices.</summary>
    public const string MaxUnpool1d = "max_unpool1d";

    /// <summary><c>F.max_unpool2d</c>, with the case's indices.</summary>
    public const string MaxUnpool2d = "max_unpool2d";

    /// <summary><c>F.max_unpool3d</c>, with the case's indices.</summary>
    public const string MaxUnpool3d = "max_unpool3d";

    /// <summary><c>F.fractional_max_pool2d</c>, with the case's <c>_random_samples</c>.</summary>
    public const string FractionalMaxPool2d = "fractional_max_pool2d";

    /// <summary><c>F.fractional_max_pool3d</c>, with the case's <c>_random_samples</c>.</summary>
    public const string FractionalMaxPool3d = "fractional_max_pool3d";
}
