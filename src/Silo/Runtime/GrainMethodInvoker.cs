using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;

namespace ChatBlock.Silo.Runtime;

/// <summary>
/// Turns a call on a grain interface method into a call on the activation's instance: what Orleans' code generator emits,
/// here built once per method with expression trees.
/// </summary>
internal static class GrainMethodInvoker
{
    private static readonly ConcurrentDictionary<MethodInfo, Func<GrainReference, object?[]?, object>> Invokers = new();

    private static readonly MethodInfo InvokeTypedMethod =
        typeof(GrainMethodInvoker).GetMethod(nameof(InvokeTyped), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Checks that every method of the interface returns <see cref="Task"/> or <see cref="Task{TResult}"/>.</summary>
    public static void Validate(Type grainInterface)
    {
        foreach (var method in grainInterface.GetMethods().Concat(grainInterface.GetInterfaces().SelectMany(i => i.GetMethods())))
        {
            if (method.ReturnType != typeof(Task) && !IsTaskOfT(method.ReturnType))
            {
                throw new ArgumentException($"{grainInterface}.{method.Name} must return Task or Task<T>.", nameof(grainInterface));
            }
        }
    }

    /// <summary>
    /// Calls <paramref name="method"/> for <paramref name="reference"/>; returns the <see cref="Task"/> the interface promises.
    /// </summary>
    public static object Invoke(GrainReference reference, MethodInfo method, object?[]? args) =>
        Invokers.GetOrAdd(method, Build)(reference, args);

    private static bool IsTaskOfT(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Task<>);

    private static Func<GrainReference, object?[]?, object> Build(MethodInfo method)
    {
        var grain = Expression.Parameter(typeof(Grain), "grain");
        var args = Expression.Parameter(typeof(object[]), "args");
        var parameters = method.GetParameters()
            .Select((p, i) => Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.ParameterType));
        var call = Expression.Call(Expression.Convert(grain, method.DeclaringType!), method, parameters);

        if (method.ReturnType == typeof(Task))
        {
            var untyped = Expression.Lambda<Func<Grain, object?[]?, Task>>(call, grain, args).Compile();
            return (reference, a) => reference.Catalog.InvokeAsync(reference.Id, static async (g, s) =>
            {
                await s.Call(g, s.Args).ConfigureAwait(false);
                return true;
            }, (Call: untyped, Args: a));
        }

        var resultType = method.ReturnType.GetGenericArguments()[0];
        var lambdaType = typeof(Func<,,>).MakeGenericType(typeof(Grain), typeof(object[]), method.ReturnType);
        var typed = Expression.Lambda(lambdaType, call, grain, args).Compile();
        var invokeTyped = InvokeTypedMethod.MakeGenericMethod(resultType);
        var invoker = (Func<Delegate, GrainReference, object?[]?, object>)invokeTyped
            .CreateDelegate(typeof(Func<Delegate, GrainReference, object?[]?, object>));
        return (reference, a) => invoker(typed, reference, a);
    }

    private static object InvokeTyped<TResult>(Delegate call, GrainReference reference, object?[]? args) =>
        reference.Catalog.InvokeAsync(
            reference.Id, static (g, s) => s.Call(g, s.Args), (Call: (Func<Grain, object?[]?, Task<TResult>>)call, Args: args));
}
