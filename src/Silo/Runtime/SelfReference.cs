namespace ChatBlock.Silo.Runtime;

/// <summary>
/// A grain's reference to its own key with no interface methods: what <see cref="Grain.InvokeInTurnAsync{TArgs, TResult}"/>
/// queues its turn through, so that the turn finds the activation (or the next one) as any call does.
/// </summary>
internal sealed class SelfReference : GrainReference
{
    public SelfReference(GrainActivation activation)
    {
        Bind(activation.Catalog, activation.Id);
        Activation = activation;
    }
}
