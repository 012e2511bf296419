using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Pooling.Gpu.Tests;

/// <summary>One log call: its level, event, formatted message and named values.</summary>
public sealed record LogEntry(LogLevel Level, EventId EventId, string Message, IReadOnlyDictionary<string, object?> Values);

/// <summary>An <see cref="ILogger"/> that keeps every entry, at every level, from any thread.</summary>
public sealed class RecordingLogger : ILogger
{
    private readonly ConcurrentQueue<LogEntry> entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. entries];

    /// <summary>The entries of one event, by its name (e.g. "KernelLoaded").</summary>
    public IReadOnlyList<LogEntry> Named(string eventName) => [.. entries.Where(e => e.EventId.Name == eventName)];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
        entries.Enqueue(new LogEntry(logLevel, eventId, formatter(state, exception), values.ToDictionary(v => v.Key, v => v.Value)));
    }
}
