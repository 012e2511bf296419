using Pooling.Gpu.Bench;

// The bench's commands, by name; the demo is the default when no command is given.
Command[] commands =
[
    new("demo", "[--batch N]", "pools realistic CNN workloads on the best accelerator present and prints one table (default)", Demo.Run),
    new("sample", "[--steps N]", "trains a small CNN head (pools, plain ILGPU linear layer, loss) for a few SGD steps; prints the loss", Sample.Run),
];

if (args is ["help" or "--help" or "-h", ..])
{
    Console.Out.Write(Command.Usage(commands));
    return 0;
}

bool named = args is [var first, ..] && !first.StartsWith('-');
string name = named ? args[0] : "demo";
var command = commands.FirstOrDefault(c => c.Name == name);
if (command is null)
{
    Console.Error.Write($"Unknown command '{name}'.\n\n{Command.Usage(commands)}");
    return 2;
}

try
{
    return command.Run(named ? args[1..] : args);
}
catch (UsageException e)
{
    Console.Error.Write($"{e.Message}\n\n{Command.Usage(commands)}");
    return 2;
}
