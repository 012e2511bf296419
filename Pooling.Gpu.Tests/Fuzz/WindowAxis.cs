namespace Pooling.Gpu.Tests;

/// <summary>One axis of a random window op: kernel, stride, padding within both PyTorch rules, dilation.</summary>
public readonly record struct WindowAxis(int Kernel, int Stride, int Padding, int Dilation)
{
    /// <summary>Inputs up to this size: a few more than the effective kernel, which always fits.</summary>
    public int MaxInput => Math.Max(16, ((Kernel - 1) * Dilation) + 5);

    /// <summary>Inputs up to this size for a 3D op, whose cost grows with the cube: a few more than the effective kernel.</summary>
    public int MaxVolumeInput => ((Kernel - 1) * Dilation) + 4;

    /// <summary>Kernel 1..5 (one in eight 6..11; 10..24 when <paramref name="large"/>), stride 1..4, padding up to half the kernel, dilation 1..3 when <paramref name="dilated"/>.</summary>
    public static WindowAxis Draw(Random random, bool large, bool dilated)
    {
        int kernel = large ? 10 + random.Next(15) : random.Next(8) == 0 ? 6 + random.Next(6) : 1 + random.Next(5);
        int dilation = dilated && random.Next(2) == 0 ? 2 + random.Next(2) : 1;
        return new WindowAxis(kernel, 1 + random.Next(4), random.Next(kernel / 2 + 1), dilation);
    }

    /// <summary>
    /// A small axis, for 3D windows (whose cost grows with the cube) and unpooling: kernel 1..4,
    /// stride 1..3, dilation 1..2; with <paramref name="large"/> kernel 6..7 and stride 1, so that
    /// three axes pass 256 positions (4-byte compact indices).
    /// </summary>
    public static WindowAxis DrawSmall(Random random, bool large, bool dilated)
    {
        int kernel = large ? 6 + random.Next(2) : 1 + random.Next(4);
        int dilation = dilated && !large && random.Next(3) == 0 ? 2 : 1;
        return new WindowAxis(kernel, large ? 1 : 1 + random.Next(3), random.Next(kernel / 2 + 1), dilation);
    }

    /// <summary>Whether an input of this size gives at least one window.</summary>
    public bool Fits(long size, int stride, bool ceil) => ReferencePooling.OutputSize(size, Kernel, stride, Padding, Dilation, ceil) >= 1;
}
