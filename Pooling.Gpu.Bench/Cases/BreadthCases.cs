namespace Pooling.Gpu.Bench.Cases;

/// <summary>
/// The 1D, 3D, unpooling and power-average ops on realistic workloads (<see cref="Canonical"/>:
/// a 3D ResNet's stem and head, an audio net, SegNet's decoder, L2 pooling of VGG's shape), in fp32.
/// </summary>
internal static class BreadthCases
{
    internal static IEnumerable<BenchCase> All(Scale scale)
    {
        var clip = Canonical.Video.At(scale);
        var video = Canonical.VideoPool;
        var clips = video.OutputShape(clip);
        var videoPeer = TorchPeer.MaxPool(video);
        var vhead = Canonical.VideoHead.At(scale);
        var one = vhead.WithSpatial(1, 1, 1);
        var globalVideo = TorchPeer.Adaptive("adaptive_avg_pool3d", (Size3)1);
        var wave = Canonical.Audio.At(scale);
        var audio = Canonical.AudioPool;
        var waves = audio.OutputShape(wave);
        var audioPeer = TorchPeer.MaxPool(audio);
        var pooled = Canonical.SegNet.At(scale);
        var unpool = Canonical.SegNetUnpool;
        var unpooled = unpool.OutputShape(pooled);
        var unpoolPeer = TorchPeer.Unpool(unpool);
        var l2Input = Canonical.L2.At(scale);
        var l2 = Canonical.L2Pool;
        var l2Peer = TorchPeer.LpPool(l2);
        MaxPoolIndices Compact(CaseBuffers<float> b) => b.Compact(e => e.AllocateMaxPoolIndices(clip, video));

        // Unpooling's indices: those of VGG's max pooling of a random 224x224 image.
        void PoolIndices(CaseBuffers<float> b) =>
            b.Engine.MaxPoolWithIndices(b.Random(unpooled), Canonical.VggPool, b.Scratch(pooled), b.InputIndices);
        return
        [
            new BenchCase<float>(Canonical.Video.Id, "max_pool3d", videoPeer, clip, clips, b => s => b.Engine.MaxPool(b.Input, video, b.Output, s)),
            new BenchCase<float>(Canonical.Video.Id, "max_pool3d+int64", videoPeer.WithIndices(), clip, clips, b => s => b.Engine.MaxPoolWithIndices(b.Input, video, b.Output, b.Indices, s)),
            new BenchCase<float>(Canonical.Video.Id, "max_pool3d+compact", videoPeer.WithIndices(), clip, clips, b =>
            {
                var indices = Compact(b);
                return s => b.Engine.MaxPool(b.Input, video, b.Output, indices, s);
            }),
            new BenchCase<float>(Canonical.Video.Id, "max_pool3d_backward+int64", videoPeer.Gradient(), clip, clips, b =>
            {
                b.Engine.MaxPoolWithIndices(b.Input, video, b.Output, b.Indices);
                return s => b.Engine.MaxPoolBackward(b.GradOutput, b.Indices, video, b.GradInput, s);
            }),
            new BenchCase<float>(Canonical.Video.Id, "max_pool3d_backward+compact", videoPeer.Gradient(), clip, clips, b =>
            {
                var indices = Compact(b);
                b.Engine.MaxPool(b.Input, video, b.Output, indices);
                return s => b.Engine.MaxPoolBackward(b.GradOutput, indices, b.GradInput, s);
            }),
            new BenchCase<float>(Canonical.VideoHead.Id, "adaptive_avg_pool3d", globalVideo, vhead, one, b => s => b.Engine.AdaptiveAvgPool3d(b.Input, 1, b.Output, s)),
            new BenchCase<float>(Canonical.VideoHead.Id, "adaptive_avg_pool3d_backward", globalVideo.Gradient(), vhead, one, b => s => b.Engine.AdaptiveAvgPool3dBackward(b.GradOutput, b.GradInput, s)),
            new BenchCase<float>(Canonical.Audio.Id, "max_pool1d", audioPeer, wave, waves, b => s => b.Engine.MaxPool(b.Input, audio, b.Output, s)),
            new BenchCase<float>(Canonical.Audio.Id, "max_pool1d+int64", audioPeer.WithIndices(), wave, waves, b => s => b.Engine.MaxPoolWithIndices(b.Input, audio, b.Output, b.Indices, s)),
            new BenchCase<float>(Canonical.Audio.Id, "max_pool1d_backward+int64", audioPeer.Gradient(), wave, waves, b =>
            {
                b.Engine.MaxPoolWithIndices(b.Input, audio, b.Output, b.Indices);
                return s => b.Engine.MaxPoolBackward(b.GradOutput, b.Indices, audio, b.GradInput, s);
            }),
            new BenchCase<float>(Canonical.SegNet.Id, "max_unpool2d", unpoolPeer, pooled, unpooled, b =>
            {
                PoolIndices(b);
                return s => b.Engine.MaxUnpool(b.Input, b.InputIndices, unpool, b.Output, s);
            }),
            new BenchCase<float>(Canonical.SegNet.Id, "max_unpool2d_backward", unpoolPeer.Gradient(), pooled, unpooled, b =>
            {
                PoolIndices(b);
                return s => b.Engine.MaxUnpoolBackward(b.GradOutput, b.InputIndices, unpool, b.GradInput, s);
            }),
            new BenchCase<float>(Canonical.L2.Id, "lp_pool2d", l2Peer, l2Input, l2.OutputShape(l2Input), b => s => b.Engine.LPPool(b.Input, l2, b.Output, s)),
            new BenchCase<float>(Canonical.L2.Id, "lp_pool2d_backward", l2Peer.Gradient(), l2Input, l2.OutputShape(l2Input), b =>
            {
                b.Engine.LPPool(b.Input, l2, b.Output);
                return s => b.Engine.LPPoolBackward(b.GradOutput, b.Input, b.Output, l2, b.GradInput, s);
            }, ValuePasses: 2),
        ];
    }
}
