using System.Text.RegularExpressions;

namespace Pooling.Gpu.Bench.Offline;

/// <summary>
/// The instructions of a PTX kernel with the loop depth of each: 0 outside any loop, 1 in the
/// grid-stride loop over outputs, 2 or more in loops inside it (a window, a plane, a shuffle).
/// Loops are the natural loops of the control-flow graph (a branch back to a block that dominates
/// it); the text order of ILGPU's blocks does not nest, so spans of text would not do.
/// </summary>
internal static partial class PtxControlFlow
{
    /// <summary>Each instruction (without its predicate guard and trailing semicolon) with its loop depth.</summary>
    internal static IReadOnlyList<(string Instruction, int Depth)> Instructions(string ptx)
    {
        var blocks = Blocks(ptx);
        var depth = LoopDepths(blocks);
        return [.. blocks.SelectMany((block, i) => block.Instructions.Select(instruction => (instruction, depth[i])))];
    }

    private static List<Block> Blocks(string ptx)
    {
        var blocks = new List<Block> { new("entry") };
        bool inBody = false;
        foreach (string raw in ptx.Split('\n'))
        {
            string line = raw.Trim();
            if (line == "{")
            {
                inBody = true;
                continue;
            }

            if (!inBody || line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal) || line.StartsWith('.') || line == "}")
            {
                continue;
            }

            if (LabelPattern().Match(line) is { Success: true } label)
            {
                blocks.Add(new Block(label.Groups[1].Value));
                continue;
            }

            var current = blocks[^1];
            if (current.Ends)
            {
                // Code after a branch without a label cannot be reached; keep it in a block of its own.
                current = new Block($"unreachable{blocks.Count}");
                blocks.Add(current);
            }

            string instruction = GuardPattern().Replace(line.TrimEnd(';'), "");
            current.Instructions.Add(instruction);
            string opcode = instruction.Split((char[])[' ', '\t'], 2)[0];
            bool guarded = GuardPattern().IsMatch(line);
            if (opcode.StartsWith("bra", StringComparison.Ordinal))
            {
                current.Targets.Add(instruction.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[^1]);
                current.Ends = !guarded;
            }
            else if (opcode is "ret" or "exit")
            {
                current.Ends = !guarded;
            }
        }

        return blocks;
    }

    private static int[] LoopDepths(List<Block> blocks)
    {
        var index = blocks.Select((b, i) => (b.Label, i)).ToDictionary(p => p.Label, p => p.i);
        var successors = blocks.Select((b, i) =>
            b.Targets.Select(t => index[t]).Concat(!b.Ends && i + 1 < blocks.Count ? [i + 1] : []).Distinct().ToArray()).ToArray();
        var predecessors = Enumerable.Range(0, blocks.Count).Select(i => new List<int>()).ToArray();
        for (int i = 0; i < blocks.Count; i++)
        {
            foreach (int s in successors[i])
            {
                predecessors[s].Add(i);
            }
        }

        var dominators = Dominators(successors, predecessors);
        var depth = new int[blocks.Count];
        for (int tail = 0; tail < blocks.Count; tail++)
        {
            foreach (int head in successors[tail].Where(h => dominators[tail].Contains(h)))
            {
                foreach (int member in NaturalLoop(head, tail, predecessors))
                {
                    depth[member]++;
                }
            }
        }

        return depth;
    }

    /// <summary>The iterative data-flow solution: dom(b) = {b} + the intersection of dom(p) over b's predecessors.</summary>
    private static HashSet<int>[] Dominators(int[][] successors, List<int>[] predecessors)
    {
        int count = successors.Length;
        var all = Enumerable.Range(0, count).ToHashSet();
        var dominators = Enumerable.Range(0, count).Select(i => i == 0 ? new HashSet<int> { 0 } : new HashSet<int>(all)).ToArray();
        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int b = 1; b < count; b++)
            {
                var next = predecessors[b].Count == 0 ? [] : new HashSet<int>(dominators[predecessors[b][0]]);
                foreach (int p in predecessors[b].Skip(1))
                {
                    next.IntersectWith(dominators[p]);
                }

                next.Add(b);
                if (!next.SetEquals(dominators[b]))
                {
                    dominators[b] = next;
                    changed = true;
                }
            }
        }

        return dominators;
    }

    /// <summary>The loop of back edge tail -> head: the head and every block that reaches the tail without passing the head.</summary>
    private static HashSet<int> NaturalLoop(int head, int tail, List<int>[] predecessors)
    {
        var loop = new HashSet<int> { head, tail };
        var work = new Stack<int>();
        if (tail != head)
        {
            work.Push(tail);
        }

        while (work.Count > 0)
        {
            foreach (int p in predecessors[work.Pop()].Where(loop.Add))
            {
                work.Push(p);
            }
        }

        return loop;
    }

    [GeneratedRegex(@"^([A-Za-z_$][\w$]*):$")]
    private static partial Regex LabelPattern();

    [GeneratedRegex(@"^@!?%\w+\s+")]
    private static partial Regex GuardPattern();

    private sealed class Block(string label)
    {
        internal string Label { get; } = label;

        internal List<string> Instructions { get; } = [];

        internal List<string> Targets { get; } = [];

        /// <summary>True after an unconditional branch or return: no fall-through to the next block.</summary>
        internal bool Ends { get; set; }
    }
}
