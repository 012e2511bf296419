using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.ExceptionServices;

namespace Pooling.Gpu.Tests;

/// <summary>
/// A valid call of one public method, written as code (<c>f => f.Engine.MaxPool(f.Input, ...)</c>).
/// The catalogue derives bad calls from it by replacing one argument, or the object called.
/// Expression trees cannot leave optional arguments out, so templates pass every argument.
/// The spatial rank of its tensors (1, 2 or 3) tells the derivations which dims a shape has.
/// </summary>
public sealed class CallTemplate
{
    private readonly Func<CatalogueFixture, object?> target;
    private readonly Func<CatalogueFixture, object?>[] arguments;
    private readonly Type[] argumentTypes;

    public CallTemplate(Expression<Action<CatalogueFixture>> call, int spatialRank = 2)
    {
        var body = call.Body as MethodCallExpression ?? throw new ArgumentException("A template is one method call.", nameof(call));
        Method = body.Method;
        TargetType = body.Object?.Type ?? throw new ArgumentException("A template calls an instance method.", nameof(call));
        target = Compile(body.Object, call.Parameters[0]);
        arguments = [.. body.Arguments.Select(a => Compile(a, call.Parameters[0]))];
        argumentTypes = [.. body.Arguments.Select(a => a is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand.Type : a.Type)];
        Text = call.Body.ToString();
        SpatialRank = spatialRank;
        var names = Parameters.Select(p => p.Name).ToList();
        bool overloaded = TargetType.GetMethods().Count(m => m.Name == Method.Name && m.GetParameters().Select(p => p.Name).SequenceEqual(names)) > 1;
        bool rankInName = Method.Name.Contains($"{spatialRank}d", StringComparison.Ordinal);
        Label = $"{TargetType.Name}.{Method.Name}({string.Join(", ", Parameters.Select(p => overloaded ? $"{p.ParameterType.Name.Split('`')[0]} {p.Name}" : p.Name))})"
            + (spatialRank == 2 || rankInName ? "" : $" {spatialRank}D");
    }

    public MethodInfo Method { get; }

    /// <summary>The static type of the object called: the engine, or one layer type.</summary>
    public Type TargetType { get; }

    /// <summary>What is covered: the method (its generic definition) on the target type.</summary>
    public (Type Target, MethodInfo Method) Covers => (TargetType, Method.IsGenericMethod ? Method.GetGenericMethodDefinition() : Method);

    public string Text { get; }

    /// <summary>The spatial rank of the call's tensors.</summary>
    public int SpatialRank { get; }

    /// <summary>
    /// The method as entry names give it: type, name and parameter names (with their types where
    /// overloads share the names), and the rank where templates of several ranks call it and its
    /// name does not say which (MaxPoolBackward 3D).
    /// </summary>
    public string Label { get; }

    public ParameterInfo[] Parameters => Method.GetParameters();

    public object Target(CatalogueFixture fixture) => target(fixture)!;

    /// <summary>The static type of the template's argument for <paramref name="parameter"/>: <see cref="MaxPool2dOptions"/> where the parameter is a generic <see cref="MaxPoolOptions{TSize}"/>.</summary>
    public Type ArgumentType(ParameterInfo parameter) => argumentTypes[parameter.Position];

    public object?[] Arguments(CatalogueFixture fixture) => [.. arguments.Select(a => a(fixture))];

    /// <summary>The template's generic method with elements of type <paramref name="element"/>; its other type arguments (an options' size type) stay.</summary>
    public MethodInfo WithElement(Type element) =>
        Method.GetGenericMethodDefinition().MakeGenericMethod([element, .. Method.GetGenericArguments().Skip(1)]);

    /// <summary>Calls the method; an exception it throws comes out as itself, not wrapped.</summary>
    public object? Invoke(object callee, object?[] values) => Invoke(Method, callee, values);

    /// <summary>Calls <paramref name="method"/> (another instance of the template's generic method); exceptions come out unwrapped.</summary>
    public static object? Invoke(MethodInfo method, object callee, object?[] values)
    {
        try
        {
            return method.Invoke(callee, values);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    private static Func<CatalogueFixture, object?> Compile(Expression expression, ParameterExpression fixture) =>
        Expression.Lambda<Func<CatalogueFixture, object?>>(Expression.Convert(expression, typeof(object)), fixture).Compile();
}
